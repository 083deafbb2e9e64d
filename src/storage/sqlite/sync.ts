/**
 * better-sqlite3 is synchronous, so each part of the store is written as the synchronous twin
 * of a port and lifted to the async port in one place (store.ts), where the call is routed
 * through the transaction gate.
 */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** Any function: `never[]` parameters accept every parameter list. */
type AnyFn = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

export type Lifted<T extends Record<string, AnyFn>> = {
  [K in keyof T]: (...args: Parameters<T[K]>) => Promise<ReturnType<T[K]>>;
};

/** Runs an operation now or later and reports its outcome as a promise. */
export type Runner = <R>(op: () => R) => Promise<R>;

/** Lifts every method of `sync` into an async one that executes through `run`. */
export function lift<T extends Record<string, AnyFn>>(sync: T, run: Runner): Lifted<T> {
  const out: Record<string, Call> = {};
  for (const [name, fn] of Object.entries(sync)) {
    const call = fn as Call;
    out[name] = (...args: unknown[]) => run(() => call(...args));
  }
  return out as Lifted<T>;
}
