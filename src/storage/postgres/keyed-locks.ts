/**
 * FIFO locks by key, in process. A waiter is queued the moment `acquire` is called, so callers
 * that ask in a known order are served in that order; the promise resolves to the release.
 */
export class KeyedLocks {
  readonly #tails = new Map<string, Promise<void>>();

  acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const tail = previous.then(() => held);
    this.#tails.set(key, tail);
    return previous.then(() => () => {
      release();
      // The last holder removes the key, so the map only holds keys someone is using.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }
}
