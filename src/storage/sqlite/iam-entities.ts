import type { Database } from 'better-sqlite3';
import type { Tag } from '../../domain/secret.js';
import type { IamRoleRecord, IamStore, IamUserRecord } from '../iam-ports.js';
import { guarded } from './conflicts.js';
import type { Sync } from './sync.js';

/** Accounts, users and roles (storage/iam-ports.ts). Names are matched through `name_key`. */
type UserRow = {
  account_id: string;
  name_key: string;
  user_name: string;
  user_id: string;
  path: string;
  arn: string;
  created_at: number;
  tags: string;
};

type RoleRow = {
  account_id: string;
  name_key: string;
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

export function createIamEntities(db: Database): Sync<Entities> {
  const account = {
    insert: db.prepare<[string, number]>(
      'INSERT INTO accounts (account_id, created_at) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING',
    ),
    find: db.prepare<[string], { account_id: string; created_at: number }>(
      'SELECT account_id, created_at FROM accounts WHERE account_id = ?',
    ),
    list: db.prepare<[], { account_id: string; created_at: number }>(
      'SELECT account_id, created_at FROM accounts ORDER BY created_at, account_id',
    ),
  };
  const user = {
    insert: db.prepare<UserRow>(
      `INSERT INTO iam_users (account_id, name_key, user_name, user_id, path, arn, created_at, tags)
       VALUES (@account_id, @name_key, @user_name, @user_id, @path, @arn, @created_at, @tags)`,
    ),
    find: db.prepare<[string, string], UserRow>('SELECT * FROM iam_users WHERE account_id = ? AND name_key = ?'),
    list: db.prepare<[string], UserRow>('SELECT * FROM iam_users WHERE account_id = ? ORDER BY name_key, user_name'),
    tags: db.prepare<[string, string, string]>('UPDATE iam_users SET tags = ? WHERE account_id = ? AND name_key = ?'),
    del: db.prepare<[string, string]>('DELETE FROM iam_users WHERE account_id = ? AND name_key = ?'),
  };
  const role = {
    insert: db.prepare<RoleRow>(
      `INSERT INTO iam_roles (account_id, name_key, role_name, role_id, path, arn, created_at, trust_policy,
         description, max_session_duration, tags)
       VALUES (@account_id, @name_key, @role_name, @role_id, @path, @arn, @created_at, @trust_policy,
         @description, @max_session_duration, @tags)`,
    ),
    find: db.prepare<[string, string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ? AND name_key = ?'),
    list: db.prepare<[string], RoleRow>('SELECT * FROM iam_roles WHERE account_id = ? ORDER BY name_key, role_name'),
    tags: db.prepare<[string, string, string]>('UPDATE iam_roles SET tags = ? WHERE account_id = ? AND name_key = ?'),
    del: db.prepare<[string, string]>('DELETE FROM iam_roles WHERE account_id = ? AND name_key = ?'),
  };
  const dropPolicies = db.prepare<[string, string, string]>(
    'DELETE FROM iam_inline_policies WHERE account_id = ? AND owner_kind = ? AND owner_key = ?',
  );
  // An entity and its inline policies go together, atomically.
  const deleteWithPolicies = db.transaction((kind: 'user' | 'role', accountId: string, name: string): boolean => {
    const key = nameKey(name);
    const gone = (kind === 'user' ? user.del : role.del).run(accountId, key).changes > 0;
    if (gone) dropPolicies.run(accountId, kind, key);
    return gone;
  });

  return {
    insertAccount: (a) => account.insert.run(a.accountId, a.createdAt).changes > 0,
    findAccount(accountId) {
      const r = account.find.get(accountId);
      return r && { accountId: r.account_id, createdAt: r.created_at };
    },
    listAccounts: () => account.list.all().map((r) => ({ accountId: r.account_id, createdAt: r.created_at })),

    insertUser(u) {
      guarded(() =>
        user.insert.run({
          account_id: u.accountId,
          name_key: nameKey(u.userName),
          user_name: u.userName,
          user_id: u.userId,
          path: u.path,
          arn: u.arn,
          created_at: u.createdAt,
          tags: JSON.stringify(u.tags),
        }),
      );
    },
    findUser(accountId, userName) {
      const r = user.find.get(accountId, nameKey(userName));
      return r && rowToUser(r);
    },
    listUsers: (accountId) => user.list.all(accountId).map(rowToUser),
    setUserTags(accountId, userName, tags) {
      user.tags.run(JSON.stringify(tags), accountId, nameKey(userName));
    },
    deleteUser: (accountId, userName) => deleteWithPolicies('user', accountId, userName),

    insertRole(r) {
      guarded(() =>
        role.insert.run({
          account_id: r.accountId,
          name_key: nameKey(r.roleName),
          role_name: r.roleName,
          role_id: r.roleId,
          path: r.path,
          arn: r.arn,
          created_at: r.createdAt,
          trust_policy: r.trustPolicy,
          description: r.description ?? null,
          max_session_duration: r.maxSessionDuration,
          tags: JSON.stringify(r.tags),
        }),
      );
    },
    findRole(accountId, roleName) {
      const r = role.find.get(accountId, nameKey(roleName));
      return r && rowToRole(r);
    },
    listRoles: (accountId) => role.list.all(accountId).map(rowToRole),
    setRoleTags(accountId, roleName, tags) {
      role.tags.run(JSON.stringify(tags), accountId, nameKey(roleName));
    },
    deleteRole: (accountId, roleName) => deleteWithPolicies('role', accountId, roleName),
  };
}
