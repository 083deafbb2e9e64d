import type { Tag } from '../../domain/secret.js';
import type { IamStore, InlinePolicyRecord, SessionRecord } from '../iam-ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { nameKey } from './iam-entities.js';
import { all, one, type Sql } from './sql.js';

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

const SESSION_COLUMNS = `access_key_id, account_id, role_arn, role_id, role_name, session_name, sealed_secret,
  token_hash, tags, transitive_tag_keys, source_identity, source_function_arn, created_at, expires_at`;

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

const OWNER = 'account_id = $1 AND owner_kind = $2 AND owner_key = $3';
const POLICY = 'policy_name AS "policyName", document';

const changed = (r: { rowCount: number | null }): boolean => (r.rowCount ?? 0) > 0;

export function createIamCredentials(sql: Sql): Credentials {
  const owner = (o: { accountId: string; kind: string; name: string }) => [o.accountId, o.kind, nameKey(o.name)];
  return {
    async putInlinePolicy(o, p) {
      await sql({
        name: 'iam_policy_put',
        text: `INSERT INTO iam_inline_policies (account_id, owner_kind, owner_key, policy_name, document)
          VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (account_id, owner_kind, owner_key, policy_name) DO UPDATE SET document = excluded.document`,
        values: [...owner(o), p.policyName, p.document],
      });
    },
    getInlinePolicy: (o, policyName) =>
      one<InlinePolicyRecord>(sql, {
        name: 'iam_policy_get',
        text: `SELECT ${POLICY} FROM iam_inline_policies WHERE ${OWNER} AND policy_name = $4`,
        values: [...owner(o), policyName],
      }),
    listInlinePolicies: (o) =>
      all<InlinePolicyRecord>(sql, {
        name: 'iam_policy_list',
        text: `SELECT ${POLICY} FROM iam_inline_policies WHERE ${OWNER} ORDER BY policy_name`,
        values: owner(o),
      }),
    deleteInlinePolicy: async (o, policyName) =>
      changed(
        await sql({
          name: 'iam_policy_delete',
          text: `DELETE FROM iam_inline_policies WHERE ${OWNER} AND policy_name = $4`,
          values: [...owner(o), policyName],
        }),
      ),

    setAccessKeyStatus: async (id, status) =>
      changed(
        await sql({
          name: 'iam_key_status',
          text: 'UPDATE access_keys SET status = $1 WHERE access_key_id = $2',
          values: [status, id],
        }),
      ),
    deleteAccessKey: async (id) =>
      changed(
        await sql({ name: 'iam_key_delete', text: 'DELETE FROM access_keys WHERE access_key_id = $1', values: [id] }),
      ),

    async insertSession(s) {
      await sql({
        name: 'iam_session_insert',
        text: `INSERT INTO iam_sessions (${SESSION_COLUMNS})
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        values: [
          s.accessKeyId,
          s.accountId,
          s.roleArn,
          s.roleId,
          s.roleName,
          s.sessionName,
          s.sealedSecret,
          s.tokenHash,
          JSON.stringify(s.tags),
          JSON.stringify(s.transitiveTagKeys),
          s.sourceIdentity ?? null,
          s.sourceFunctionArn ?? null,
          s.createdAt,
          s.expiresAt,
        ],
      });
    },
    async findSession(accessKeyId) {
      const r = await one<SessionRow>(sql, {
        name: 'iam_session_find',
        text: `SELECT ${SESSION_COLUMNS} FROM iam_sessions WHERE access_key_id = $1`,
        values: [accessKeyId],
      });
      return r && rowToSession(r);
    },
    deleteExpiredSessions: async (before) =>
      (
        await sql({
          name: 'iam_session_expire',
          text: 'DELETE FROM iam_sessions WHERE expires_at < $1',
          values: [before],
        })
      ).rowCount ?? 0,

    getIamGeneration: async () =>
      (
        await one<{ value: number }>(sql, {
          name: 'iam_generation',
          text: 'SELECT value FROM iam_generation WHERE id = 1',
        })
      )?.value ?? 0,
  };
}
