/** An LRU map whose entries expire after a TTL (0 disables caching, as the AWS agent does). */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  constructor(
    readonly maxSize: number,
    readonly ttlMs: number,
    readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    if (this.now() >= e.expiresAt) return undefined;
    this.#entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.#entries.size > this.maxSize) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** Drops every entry whose key `match` accepts (change notifications). */
  deleteWhere(match: (key: string) => boolean): void {
    for (const k of [...this.#entries.keys()]) if (match(k)) this.#entries.delete(k);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
