import type { IamStore } from '../iam-ports.js';
import type { CredentialStore } from '../ports.js';
import type { Query, Sql } from './sql.js';
import type { Atomic } from './transaction.js';

/**
 * The sending half of the change notifications between nodes (notify-listener.ts receives).
 *
 * Every transaction that changed a secret sends, just before its COMMIT and on its own
 * connection, one `pg_notify` per secret it touched. PostgreSQL delivers a notification only if
 * its transaction commits, and only after the commit, so a node never hears of a change it
 * could not yet read. Identity writes (users, roles, inline policies, access keys) send one
 * notice that identities changed, in the same transaction as the write.
 *
 * A payload is one secret's ARN, name and account (what the change feed publishes), or
 * `{"iam":true}`, plus `origin`: the sending store, so a node skips its own notices (it has
 * published them already). The ARN and name are at most 2 KiB together, far below PostgreSQL's
 * 8000-byte payload limit. Values never travel here.
 */
export const CHANGES_CHANNEL = 'strongroom_changes';

export type SecretNotice = { arn: string; name: string; accountId: string };
export type ChangeNotice = { origin: string } & ({ secret: SecretNotice } | { iam: true });

/** What one transaction changed, gathered by its secret writes (secret-writes.ts). */
export type SecretChangeLog = {
  /** The secret's row, versions or labels were written; it still exists (unless deleted later). */
  touched(secretId: string): void;
  /** The secret's row was deleted: what the notice needs, taken from the deleted row. */
  deleted(secretId: string, s: SecretNotice): void;
};

export class PendingNotices implements SecretChangeLog {
  readonly #touched = new Set<string>();
  readonly #deleted = new Map<string, SecretNotice>();

  touched(secretId: string): void {
    this.#touched.add(secretId);
  }

  deleted(secretId: string, s: SecretNotice): void {
    this.#deleted.set(secretId, s);
  }

  /**
   * One statement sending a notice per secret: those still there described from their rows (as
   * this transaction left them), those deleted from what their deletion returned. Undefined when
   * the transaction changed no secret.
   */
  statement(origin: string): Query | undefined {
    const gone = [...this.#deleted.values()];
    const alive = [...this.#touched].filter((id) => !this.#deleted.has(id));
    if (alive.length === 0 && gone.length === 0) return undefined;
    return {
      name: 'n_secrets',
      text: `SELECT pg_notify('${CHANGES_CHANNEL}', n.payload) FROM (
          SELECT json_build_object('origin', $1::text, 'secret',
            json_build_object('arn', s.arn, 'name', s.name, 'accountId', s.account_id))::text AS payload
          FROM secrets s WHERE s.id = ANY ($2::text[])
          UNION ALL SELECT unnest($3::text[])
        ) AS n`,
      values: [origin, alive, gone.map((secret) => JSON.stringify({ origin, secret }))],
    };
  }
}

const iamNotice = (origin: string): Query => ({
  name: 'n_iam',
  text: `SELECT pg_notify('${CHANGES_CHANNEL}', $1)`,
  values: [JSON.stringify({ origin, iam: true })],
});

/**
 * The identity writes that can make another node's cached identities stale: the same tables as
 * the iam_generation triggers. (Sessions are not cached before they exist, and expire by time.)
 */
const IDENTITY_WRITES = [
  'insertUser',
  'setUserTags',
  'deleteUser',
  'insertRole',
  'setRoleTags',
  'deleteRole',
  'putInlinePolicy',
  'deleteInlinePolicy',
  'setAccessKeyStatus',
  'deleteAccessKey',
  'insertAccessKey',
] as const satisfies readonly (keyof IamStore | keyof CredentialStore)[];

type AnyFn = (...args: never[]) => Promise<unknown>;

/**
 * Makes each identity write among `methods` send the identity notice in the same transaction:
 * the caller's, or a short one of its own (atomic), so the notice goes out only if the write
 * commits. Other methods are returned as they are.
 */
export function notifyingIdentityWrites<T extends Record<string, AnyFn>>(
  methods: T,
  atomic: Atomic,
  origin: string,
): T {
  const out: Record<string, AnyFn> = { ...methods };
  for (const name of IDENTITY_WRITES) {
    const write = methods[name];
    if (!write) continue;
    out[name] = (...args: never[]) =>
      atomic(async (sql: Sql) => {
        const result = await write(...args);
        await sql(iamNotice(origin));
        return result;
      });
  }
  return out as T;
}

/** A notification's payload, or undefined if it is not one of ours. */
export function parseNotice(payload: string | undefined): ChangeNotice | undefined {
  if (!payload) return undefined;
  try {
    const n = JSON.parse(payload) as Partial<{ origin: unknown; iam: unknown; secret: Partial<SecretNotice> }>;
    if (typeof n.origin !== 'string') return undefined;
    if (n.iam === true) return { origin: n.origin, iam: true };
    const s = n.secret;
    if (s && typeof s.arn === 'string' && typeof s.name === 'string' && typeof s.accountId === 'string') {
      return { origin: n.origin, secret: { arn: s.arn, name: s.name, accountId: s.accountId } };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
