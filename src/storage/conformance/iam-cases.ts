import { describe, expect, it } from 'vitest';
import type { IamRoleRecord, IamUserRecord, PolicyOwner, SessionRecord } from '../iam-ports.js';
import { type AccessKeyRecord, type Store, StoreConflictError } from '../ports.js';
import { ACCOUNT, OTHER_ACCOUNT, T0 } from './fixtures.js';

let seq = 0;
const next = () => (++seq).toString().padStart(6, '0');

const aUser = (over: Partial<IamUserRecord> = {}): IamUserRecord => {
  const userName = over.userName ?? `user-${next()}`;
  return {
    accountId: ACCOUNT,
    userName,
    userId: `AIDA${next()}${next()}ABCDE`,
    path: '/',
    arn: `arn:aws:iam::${over.accountId ?? ACCOUNT}:user/${userName}`,
    createdAt: T0,
    tags: [],
    ...over,
  };
};

const aRole = (over: Partial<IamRoleRecord> = {}): IamRoleRecord => {
  const roleName = over.roleName ?? `role-${next()}`;
  return {
    accountId: ACCOUNT,
    roleName,
    roleId: `AROA${next()}${next()}ABCDE`,
    path: '/team/',
    arn: `arn:aws:iam::${over.accountId ?? ACCOUNT}:role/team/${roleName}`,
    createdAt: T0,
    trustPolicy: '{"Version":"2012-10-17","Statement":[]}',
    maxSessionDuration: 3600,
    tags: [],
    ...over,
  };
};

const aSession = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  accessKeyId: `ASIA${next()}${next()}XXXX`,
  accountId: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/reader`,
  roleId: 'AROAAAAAAAAAAAAAAAAAA',
  roleName: 'reader',
  sessionName: 'app',
  sealedSecret: Uint8Array.from([0, 1, 2, 255]),
  tokenHash: Uint8Array.from({ length: 32 }, (_, i) => i),
  tags: [{ Key: 'team', Value: 'payments' }],
  transitiveTagKeys: ['team'],
  createdAt: T0,
  expiresAt: T0 + 3_600_000,
  ...over,
});

const anAccessKey = (over: Partial<AccessKeyRecord> = {}): AccessKeyRecord => ({
  accessKeyId: `AKIA${next()}${next()}XXXX`,
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userName: 'alice',
  sealedSecret: Uint8Array.from([9, 8, 7]),
  status: 'Active',
  createdAt: T0,
  ...over,
});

/** The IamStore port (storage/iam-ports.ts): identities, inline policies, sessions, generation. */
export function iamCases(h: { readonly store: Store }): void {
  describe('accounts', () => {
    it('inserts once, finds and lists', async () => {
      expect(await h.store.insertAccount({ accountId: ACCOUNT, createdAt: T0 })).toBe(true);
      expect(await h.store.insertAccount({ accountId: ACCOUNT, createdAt: T0 + 5 })).toBe(false);
      await h.store.insertAccount({ accountId: OTHER_ACCOUNT, createdAt: T0 + 1 });
      expect(await h.store.findAccount(ACCOUNT)).toStrictEqual({ accountId: ACCOUNT, createdAt: T0 });
      expect(await h.store.findAccount('999999999999')).toBeUndefined();
      expect((await h.store.listAccounts()).map((a) => a.accountId)).toEqual([ACCOUNT, OTHER_ACCOUNT]);
    });
  });

  describe('users', () => {
    it('round-trips a user and finds it ignoring case, per account', async () => {
      const u = aUser({ userName: 'Alice', tags: [{ Key: 'team', Value: 'ünï 🔑' }] });
      await h.store.insertUser(u);
      expect(await h.store.findUser(ACCOUNT, 'Alice')).toStrictEqual(u);
      expect(await h.store.findUser(ACCOUNT, 'ALICE')).toStrictEqual(u);
      expect(await h.store.findUser(OTHER_ACCOUNT, 'Alice')).toBeUndefined();
    });

    it('refuses a second user whose name differs only in case, or a repeated user id', async () => {
      const u = aUser({ userName: 'bob' });
      await h.store.insertUser(u);
      await expect(h.store.insertUser(aUser({ userName: 'BOB' }))).rejects.toBeInstanceOf(StoreConflictError);
      await expect(h.store.insertUser(aUser({ userId: u.userId }))).rejects.toBeInstanceOf(StoreConflictError);
      await h.store.insertUser(aUser({ userName: 'bob', accountId: OTHER_ACCOUNT }));
      expect((await h.store.findUser(ACCOUNT, 'bob'))?.userId).toBe(u.userId);
    });

    it('lists users by name ignoring case, replaces tags, deletes with inline policies', async () => {
      for (const n of ['carol', 'Bob', 'alice']) await h.store.insertUser(aUser({ userName: n }));
      expect((await h.store.listUsers(ACCOUNT)).map((u) => u.userName)).toEqual(['alice', 'Bob', 'carol']);
      await h.store.setUserTags(ACCOUNT, 'BOB', [{ Key: 'k', Value: 'v' }]);
      expect((await h.store.findUser(ACCOUNT, 'bob'))?.tags).toEqual([{ Key: 'k', Value: 'v' }]);
      const owner: PolicyOwner = { accountId: ACCOUNT, kind: 'user', name: 'Bob' };
      await h.store.putInlinePolicy(owner, { policyName: 'p', document: '{}' });
      expect(await h.store.deleteUser(ACCOUNT, 'bob')).toBe(true);
      expect(await h.store.deleteUser(ACCOUNT, 'bob')).toBe(false);
      expect(await h.store.findUser(ACCOUNT, 'Bob')).toBeUndefined();
      // A new user of the same name starts without the old one's policies.
      await h.store.insertUser(aUser({ userName: 'bob' }));
      expect(await h.store.listInlinePolicies(owner)).toEqual([]);
    });
  });

  describe('roles', () => {
    it('round-trips roles with and without a description, ignoring case in names', async () => {
      const plain = aRole({ roleName: 'Reader' });
      const described = aRole({ description: 'reads app/*', maxSessionDuration: 43200 });
      await h.store.insertRole(plain);
      await h.store.insertRole(described);
      expect(await h.store.findRole(ACCOUNT, 'reader')).toStrictEqual(plain);
      expect(await h.store.findRole(ACCOUNT, described.roleName)).toStrictEqual(described);
      await expect(h.store.insertRole(aRole({ roleName: 'READER' }))).rejects.toBeInstanceOf(StoreConflictError);
      expect((await h.store.listRoles(ACCOUNT)).map((r) => r.roleName)).toEqual(
        [plain.roleName, described.roleName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      await h.store.setRoleTags(ACCOUNT, 'READER', [{ Key: 'team', Value: 'x' }]);
      expect((await h.store.findRole(ACCOUNT, 'Reader'))?.tags).toEqual([{ Key: 'team', Value: 'x' }]);
      expect(await h.store.deleteRole(ACCOUNT, 'reader')).toBe(true);
      expect(await h.store.findRole(ACCOUNT, 'Reader')).toBeUndefined();
      expect(await h.store.deleteRole(ACCOUNT, 'reader')).toBe(false);
    });
  });

  describe('inline policies', () => {
    it('puts, replaces, gets, lists by name and deletes, per owner kind', async () => {
      const user: PolicyOwner = { accountId: ACCOUNT, kind: 'user', name: 'same' };
      const role: PolicyOwner = { accountId: ACCOUNT, kind: 'role', name: 'same' };
      await h.store.putInlinePolicy(user, { policyName: 'b', document: '{"v":1}' });
      await h.store.putInlinePolicy(user, { policyName: 'a', document: '{"v":2}' });
      await h.store.putInlinePolicy(user, { policyName: 'b', document: '{"v":3}' });
      await h.store.putInlinePolicy(role, { policyName: 'b', document: '{"role":true}' });
      expect(await h.store.getInlinePolicy({ ...user, name: 'SAME' }, 'b')).toStrictEqual({
        policyName: 'b',
        document: '{"v":3}',
      });
      expect(await h.store.getInlinePolicy(user, 'B')).toBeUndefined();
      expect((await h.store.listInlinePolicies(user)).map((p) => p.policyName)).toEqual(['a', 'b']);
      expect(await h.store.listInlinePolicies(role)).toEqual([{ policyName: 'b', document: '{"role":true}' }]);
      expect(await h.store.deleteInlinePolicy(user, 'b')).toBe(true);
      expect(await h.store.deleteInlinePolicy(user, 'b')).toBe(false);
      expect(await h.store.getInlinePolicy(role, 'b')).toBeDefined();
    });
  });

  describe('access key status and deletion', () => {
    it('deactivates, reactivates and deletes a key', async () => {
      const k = anAccessKey();
      await h.store.insertAccessKey(k);
      expect(await h.store.setAccessKeyStatus(k.accessKeyId, 'Inactive')).toBe(true);
      expect((await h.store.findAccessKey(k.accessKeyId))?.status).toBe('Inactive');
      expect(await h.store.setAccessKeyStatus(k.accessKeyId, 'Active')).toBe(true);
      expect((await h.store.findAccessKey(k.accessKeyId))?.status).toBe('Active');
      expect(await h.store.deleteAccessKey(k.accessKeyId)).toBe(true);
      expect(await h.store.findAccessKey(k.accessKeyId)).toBeUndefined();
      expect(await h.store.deleteAccessKey(k.accessKeyId)).toBe(false);
      expect(await h.store.setAccessKeyStatus(k.accessKeyId, 'Active')).toBe(false);
    });
  });

  describe('sessions', () => {
    it('round-trips a session, with and without a source identity or function, and purges expired ones', async () => {
      const s = aSession({
        sourceIdentity: 'alice',
        sourceFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
      });
      const later = aSession({ expiresAt: T0 + 7_200_000, tags: [], transitiveTagKeys: [] });
      await h.store.insertSession(s);
      await h.store.insertSession(later);
      expect(await h.store.findSession(s.accessKeyId)).toStrictEqual(s);
      expect(await h.store.findSession(later.accessKeyId)).toStrictEqual(later);
      await expect(h.store.insertSession({ ...later })).rejects.toBeInstanceOf(StoreConflictError);
      expect(await h.store.deleteExpiredSessions(T0 + 3_600_000)).toBe(0);
      expect(await h.store.deleteExpiredSessions(T0 + 3_600_001)).toBe(1);
      expect(await h.store.findSession(s.accessKeyId)).toBeUndefined();
      expect(await h.store.findSession(later.accessKeyId)).toBeDefined();
    });
  });

  describe('generation', () => {
    it('increases with every identity write and not with reads or sessions', async () => {
      const steps: [string, () => Promise<unknown>][] = [
        ['insertUser', () => h.store.insertUser(aUser({ userName: 'g' }))],
        ['setUserTags', () => h.store.setUserTags(ACCOUNT, 'g', [])],
        ['insertRole', () => h.store.insertRole(aRole({ roleName: 'r' }))],
        ['setRoleTags', () => h.store.setRoleTags(ACCOUNT, 'r', [])],
        ['putInlinePolicy', () => h.store.putInlinePolicy({ accountId: ACCOUNT, kind: 'user', name: 'g' }, anyDoc)],
        ['deleteInlinePolicy', () => h.store.deleteInlinePolicy({ accountId: ACCOUNT, kind: 'user', name: 'g' }, 'p')],
        ['insertAccessKey', () => h.store.insertAccessKey(anAccessKey({ accessKeyId: 'AKIAGENERATION000001' }))],
        ['setAccessKeyStatus', () => h.store.setAccessKeyStatus('AKIAGENERATION000001', 'Inactive')],
        ['deleteAccessKey', () => h.store.deleteAccessKey('AKIAGENERATION000001')],
        ['deleteRole', () => h.store.deleteRole(ACCOUNT, 'r')],
        ['deleteUser', () => h.store.deleteUser(ACCOUNT, 'g')],
      ];
      for (const [name, step] of steps) {
        const before = await h.store.getIamGeneration();
        await step();
        expect(await h.store.getIamGeneration(), name).toBeGreaterThan(before);
      }
      const before = await h.store.getIamGeneration();
      await h.store.insertSession(aSession());
      await h.store.findUser(ACCOUNT, 'g');
      await h.store.listRoles(ACCOUNT);
      expect(await h.store.getIamGeneration()).toBe(before);
    });
  });
}

const anyDoc = { policyName: 'p', document: '{"Version":"2012-10-17"}' };
