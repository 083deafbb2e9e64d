import type { Database } from 'better-sqlite3';
import type { Tag } from '../../domain/secret.js';
import type { IamStore, InlinePolicyRecord, SessionRecord } from '../iam-ports.js';
import { guarded } from './conflicts.js';
import { nameKey } from './iam-entities.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

/** Inline policies, access-key status and deletion, STS sessions and the generation counter. */
type SessionRow = {
  access_key_id: string;
  account_id: string;
  role_arn: string;
  role_id: string;
  role_name: string;
  session_name: string;
  sealed_secret: Uint8Array;
  token_hash: Uint8Array;
  tags: string;
  transitive_tag_keys: string;
  source_identity: string | null;
  source_function_arn: string | null;
  created_at: number;
  expires_at: number;
};

const rowToSession = (r: SessionRow): SessionRecord => ({
  accessKeyId: r.access_key_id,
  accountId: r.account_id,
  roleArn: r.role_arn,
  roleId: r.role_id,
  roleName: r.role_name,
  sessionName: r.session_name,
  sealedSecret: bytesOut(r.sealed_secret),
  tokenHash: bytesOut(r.token_hash),
  tags: JSON.parse(r.tags) as Tag[],
  transitiveTagKeys: JSON.parse(r.transitive_tag_keys) as string[],
  ...(r.source_identity !== null && { sourceIdentity: r.source_identity }),
  ...(r.source_function_arn !== null && { sourceFunctionArn: r.source_function_arn }),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

type Credentials = Pick<
  IamStore,
  | 'putInlinePolicy'
  | 'getInlinePolicy'
  | 'listInlinePolicies'
  | 'deleteInlinePolicy'
  | 'setAccessKeyStatus'
  | 'deleteAccessKey'
  | 'insertSession'
  | 'findSession'
  | 'deleteExpiredSessions'
  | 'getIamGeneration'
>;

export function createIamCredentials(db: Database): Sync<Credentials> {
  const OWNER = 'account_id = ? AND owner_kind = ? AND owner_key = ?';
  const policy = {
    put: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO iam_inline_policies (account_id, owner_kind, owner_key, policy_name, document)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, owner_kind, owner_key, policy_name) DO UPDATE SET document = excluded.document`,
    ),
    get: db.prepare<[string, string, string, string], InlinePolicyRecord>(
      `SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE ${OWNER} AND policy_name = ?`,
    ),
    list: db.prepare<[string, string, string], InlinePolicyRecord>(
      `SELECT policy_name AS policyName, document FROM iam_inline_policies WHERE ${OWNER} ORDER BY policy_name`,
    ),
    del: db.prepare<[string, string, string, string]>(
      `DELETE FROM iam_inline_policies WHERE ${OWNER} AND policy_name = ?`,
    ),
  };
  const keyStatus = db.prepare<[string, string]>('UPDATE access_keys SET status = ? WHERE access_key_id = ?');
  const keyDelete = db.prepare<[string]>('DELETE FROM access_keys WHERE access_key_id = ?');
  const session = {
    insert: db.prepare<SessionRow>(
      `INSERT INTO iam_sessions (access_key_id, account_id, role_arn, role_id, role_name, session_name, sealed_secret,
         token_hash, tags, transitive_tag_keys, source_identity, source_function_arn, created_at, expires_at)
       VALUES (@access_key_id, @account_id, @role_arn, @role_id, @role_name, @session_name, @sealed_secret,
         @token_hash, @tags, @transitive_tag_keys, @source_identity, @source_function_arn, @created_at, @expires_at)`,
    ),
    find: db.prepare<[string], SessionRow>('SELECT * FROM iam_sessions WHERE access_key_id = ?'),
    expire: db.prepare<[number]>('DELETE FROM iam_sessions WHERE expires_at < ?'),
  };
  const generation = db.prepare<[], number>('SELECT value FROM iam_generation WHERE id = 1').pluck();

  return {
    putInlinePolicy(o, p) {
      policy.put.run(o.accountId, o.kind, nameKey(o.name), p.policyName, p.document);
    },
    getInlinePolicy: (o, name) => policy.get.get(o.accountId, o.kind, nameKey(o.name), name),
    listInlinePolicies: (o) => policy.list.all(o.accountId, o.kind, nameKey(o.name)),
    deleteInlinePolicy: (o, name) => policy.del.run(o.accountId, o.kind, nameKey(o.name), name).changes > 0,

    setAccessKeyStatus: (id, status) => keyStatus.run(status, id).changes > 0,
    deleteAccessKey: (id) => keyDelete.run(id).changes > 0,

    insertSession(s) {
      guarded(() =>
        session.insert.run({
          access_key_id: s.accessKeyId,
          account_id: s.accountId,
          role_arn: s.roleArn,
          role_id: s.roleId,
          role_name: s.roleName,
          session_name: s.sessionName,
          sealed_secret: s.sealedSecret,
          token_hash: s.tokenHash,
          tags: JSON.stringify(s.tags),
          transitive_tag_keys: JSON.stringify(s.transitiveTagKeys),
          source_identity: s.sourceIdentity ?? null,
          source_function_arn: s.sourceFunctionArn ?? null,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        }),
      );
    },
    findSession(accessKeyId) {
      const r = session.find.get(accessKeyId);
      return r && rowToSession(r);
    },
    deleteExpiredSessions: (before) => session.expire.run(before).changes,

    getIamGeneration: () => generation.get() ?? 0,
  };
}
