import type { SecretRecord } from '../domain/secret.js';
import type { SecretTx, Store } from './ports.js';

/**
 * Publishes which secrets a committed transaction touched, for the change feed (agents drop
 * their cached copies within a second). It watches the transaction's calls: any argument or
 * result that is a secret record names a secret; a string first argument or a `secretId` field
 * names one by id. Ids are resolved to ARN and name from what the transaction itself read, or
 * from the store after the commit. A transaction it cannot attribute publishes `{ all: true }`.
 */
export type SecretChange = { arn?: string; name?: string; accountId?: string; all?: boolean };
export type ChangeListener = (c: SecretChange) => void;

const isSecret = (v: unknown): v is SecretRecord =>
  typeof v === 'object' && v !== null && 'arn' in v && 'id' in v && 'accountId' in v;

const WRITE_PREFIXES = [
  'insert',
  'update',
  'delete',
  'set',
  'enqueue',
  'claim',
  'complete',
  'record',
  'mark',
  'append',
  'put',
  'remove',
];

export function withChangeEvents<S extends Store>(store: S, publish: ChangeListener): S {
  const transaction = async <T>(fn: (tx: SecretTx) => Promise<T>): Promise<T> => {
    const known = new Map<string, SecretRecord>();
    const touched = new Set<string>();
    let unattributed = false;
    const note = (v: unknown) => {
      if (isSecret(v)) known.set(v.id, v);
    };
    const result = await store.transaction((tx) => {
      const watched = new Proxy(tx, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function' || typeof prop !== 'string') return value;
          const isWrite = WRITE_PREFIXES.some((p) => prop.startsWith(p));
          return async (...args: unknown[]) => {
            if (isWrite) {
              const first = args[0];
              if (isSecret(first)) touched.add(first.id);
              else if (typeof first === 'string') touched.add(first);
              else if (
                typeof first === 'object' &&
                first !== null &&
                typeof (first as { secretId?: unknown }).secretId === 'string'
              ) {
                touched.add((first as { secretId: string }).secretId);
              } else unattributed = true;
            }
            for (const a of args) note(a);
            const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (Array.isArray(out)) out.forEach(note);
            else note(out);
            return out;
          };
        },
      });
      return fn(watched);
    });
    if (unattributed) publish({ all: true });
    for (const id of touched) {
      const s = known.get(id) ?? (await store.findById(id));
      if (s) publish({ arn: s.arn, name: s.name, accountId: s.accountId });
      else publish({ all: true });
    }
    return result;
  };
  return { ...store, transaction };
}

/** A tiny in-process fan-out for change events. */
export function createChangeBus() {
  const listeners = new Set<ChangeListener>();
  return {
    publish: (c: SecretChange) => {
      for (const l of listeners) l(c);
    },
    subscribe: (l: ChangeListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type ChangeBus = ReturnType<typeof createChangeBus>;
