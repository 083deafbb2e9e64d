import type { Tag } from '../../domain/secret.js';
import type { IamRoleRecord, IamStore, IamUserRecord } from '../iam-ports.js';
import { all, one, type Sql } from './sql.js';

/** Accounts, users and roles (storage/iam-ports.ts); names are matched through `name_key`. */
type UserRow = {
  account_id: string;
  user_name: string;
  user_id: string;
  path: string;
  arn: string;
  created_at: number;
  tags: string;
};

type RoleRow = {
  account_id: string;
  role_name: string;
  role_id: string;
  path: string;
  arn: string;
  created_at: number;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  tags: string;
};

type AccountRow = { account_id: string; created_at: number };

export const nameKey = (name: string): string => name.toLowerCase();
const tagsIn = (json: string): Tag[] => JSON.parse(json) as Tag[];

const rowToUser = (r: UserRow): IamUserRecord => ({
  accountId: r.account_id,
  userName: r.user_name,
  userId: r.user_id,
  path: r.path,
  arn: r.arn,
  createdAt: r.created_at,
  tags: tagsIn(r.tags),
});

const rowToRole = (r: RoleRow): IamRoleRecord => ({
  accountId: r.account_id,
  roleName: r.role_name,
  roleId: r.role_id,
  path: r.path,
  arn: r.arn,
  createdAt: r.created_at,
  trustPolicy: r.trust_policy,
  ...(r.description !== null && { description: r.description }),
  maxSessionDuration: r.max_session_duration,
  tags: tagsIn(r.tags),
});

const toAccount = (r: AccountRow) => ({ accountId: r.account_id, createdAt: r.created_at });

const USER_COLUMNS = 'account_id, user_name, user_id, path, arn, created_at, tags';
const ROLE_COLUMNS =
  'account_id, role_name, role_id, path, arn, created_at, trust_policy, description, max_session_duration, tags';

/** An entity and its inline policies go together, in one statement. */
const deleteWithPolicies = (table: 'iam_users' | 'iam_roles', kind: 'user' | 'role') => ({
  name: `iam_delete_${kind}`,
  text: `WITH gone AS (DELETE FROM ${table} WHERE account_id = $1 AND name_key = $2 RETURNING name_key),
      policies AS (
        DELETE FROM iam_inline_policies
        WHERE account_id = $1 AND owner_kind = '${kind}' AND owner_key IN (SELECT name_key FROM gone)
      )
    SELECT count(*) AS n FROM gone`,
});

type Entities = Pick<
  IamStore,
  | 'insertAccount'
  | 'findAccount'
  | 'listAccounts'
  | 'insertUser'
  | 'findUser'
  | 'listUsers'
  | 'setUserTags'
  | 'deleteUser'
  | 'insertRole'
  | 'findRole'
  | 'listRoles'
  | 'setRoleTags'
  | 'deleteRole'
>;

export function createIamEntities(sql: Sql): Entities {
  const deleted = async (q: { name: string; text: string }, accountId: string, name: string) =>
    ((await one<{ n: number }>(sql, { ...q, values: [accountId, nameKey(name)] }))?.n ?? 0) > 0;
  const setTags = async (table: string, accountId: string, name: string, tags: Tag[]) => {
    await sql({
      name: `iam_tags_${table}`,
      text: `UPDATE ${table} SET tags = $1 WHERE account_id = $2 AND name_key = $3`,
      values: [JSON.stringify(tags), accountId, nameKey(name)],
    });
  };

  return {
    insertAccount: async (a) =>
      ((
        await sql({
          name: 'iam_account_insert',
          text: 'INSERT INTO accounts (account_id, created_at) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING',
          values: [a.accountId, a.createdAt],
        })
      ).rowCount ?? 0) > 0,
    async findAccount(accountId) {
      const r = await one<AccountRow>(sql, {
        name: 'iam_account_find',
        text: 'SELECT account_id, created_at FROM accounts WHERE account_id = $1',
        values: [accountId],
      });
      return r && toAccount(r);
    },
    listAccounts: async () =>
      (
        await all<AccountRow>(sql, {
          name: 'iam_account_list',
          text: 'SELECT account_id, created_at FROM accounts ORDER BY created_at, account_id',
        })
      ).map(toAccount),

    async insertUser(u) {
      await sql({
        name: 'iam_user_insert',
        text: `INSERT INTO iam_users (account_id, name_key, user_name, user_id, path, arn, created_at, tags)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        values: [
          u.accountId,
          nameKey(u.userName),
          u.userName,
          u.userId,
          u.path,
          u.arn,
          u.createdAt,
          JSON.stringify(u.tags),
        ],
      });
    },
    async findUser(accountId, userName) {
      const r = await one<UserRow>(sql, {
        name: 'iam_user_find',
        text: `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = $1 AND name_key = $2`,
        values: [accountId, nameKey(userName)],
      });
      return r && rowToUser(r);
    },
    listUsers: async (accountId) =>
      (
        await all<UserRow>(sql, {
          name: 'iam_user_list',
          text: `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = $1 ORDER BY name_key, user_name`,
          values: [accountId],
        })
      ).map(rowToUser),
    setUserTags: (accountId, userName, tags) => setTags('iam_users', accountId, userName, tags),
    deleteUser: (accountId, userName) => deleted(deleteWithPolicies('iam_users', 'user'), accountId, userName),

    async insertRole(r) {
      await sql({
        name: 'iam_role_insert',
        text: `INSERT INTO iam_roles (account_id, name_key, role_name, role_id, path, arn, created_at, trust_policy,
            description, max_session_duration, tags)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        values: [
          r.accountId,
          nameKey(r.roleName),
          r.roleName,
          r.roleId,
          r.path,
          r.arn,
          r.createdAt,
          r.trustPolicy,
          r.description ?? null,
          r.maxSessionDuration,
          JSON.stringify(r.tags),
        ],
      });
    },
    async findRole(accountId, roleName) {
      const r = await one<RoleRow>(sql, {
        name: 'iam_role_find',
        text: `SELECT ${ROLE_COLUMNS} FROM iam_roles WHERE account_id = $1 AND name_key = $2`,
        values: [accountId, nameKey(roleName)],
      });
      return r && rowToRole(r);
    },
    listRoles: async (accountId) =>
      (
        await all<RoleRow>(sql, {
          name: 'iam_role_list',
          text: `SELECT ${ROLE_COLUMNS} FROM iam_roles WHERE account_id = $1 ORDER BY name_key, role_name`,
          values: [accountId],
        })
      ).map(rowToRole),
    setRoleTags: (accountId, roleName, tags) => setTags('iam_roles', accountId, roleName, tags),
    deleteRole: (accountId, roleName) => deleted(deleteWithPolicies('iam_roles', 'role'), accountId, roleName),
  };
}
