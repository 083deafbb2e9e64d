import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal, RequestContext } from '../../src/app/context.js';
import { type Identity, wireIdentity } from '../../src/auth/authorizer-wire.js';
import { ServiceError } from '../../src/domain/errors.js';
import type { SecretRecord } from '../../src/domain/secret.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/storage/ports.js';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';

/**
 * The authorizer over a real store and the real policy engine, for the rules the end-to-end
 * scenarios do not reach: failing closed, trust policies that must allow by themselves, sessions
 * of a recreated role, the root under an explicit Deny, and another process's writes.
 */
const A = '111122223333';
const T0 = Date.UTC(2025, 0, 1);
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup() {
  store = await openSqliteStore({ path: ':memory:' });
  const clock = manualClock(T0);
  const id = wireIdentity({ store, rootKey: randomBytes(32), clock, dev: false });
  return { store, clock, id };
}

const principal = (p: Partial<Principal> & Pick<Principal, 'arn' | 'type'>): Principal => ({
  accountId: A,
  userName: 'root',
  accessKeyId: 'AKIATEST',
  isAdmin: false,
  ...p,
});
const rootOf = (account = A) =>
  principal({ accountId: account, arn: `arn:aws:iam::${account}:root`, type: 'Root', isAdmin: true });
const ctx = (p: Principal, now = T0): RequestContext => ({
  principal: p,
  region: 'us-east-1',
  requestId: 'r',
  sourceIp: '10.0.0.1',
  secureTransport: true,
  now,
});

async function refusal(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function userWith(id: Identity, name: string, policyText: string): Promise<Principal> {
  await id.iam.users.create(ctx(rootOf()), { userName: name });
  await id.iam.policies.put(ctx(rootOf()), 'user', { ownerName: name, policyName: 'p', policyDocument: policyText });
  return principal({ arn: `arn:aws:iam::${A}:user/${name}`, type: 'IAMUser', userName: name });
}

const secretArn = `arn:aws:secretsmanager:us-east-1:${A}:secret:s-abcdef`;
const aSecret = (over: Partial<SecretRecord> = {}): SecretRecord => ({
  id: 'id',
  accountId: A,
  region: 'us-east-1',
  name: 's',
  arn: secretArn,
  createdAt: T0,
  rotationEnabled: false,
  replicas: [],
  ...over,
});

describe('authorizer', () => {
  it('fails closed on a stored policy that no longer compiles', async () => {
    const { store, clock, id } = await setup();
    const alice = await userWith(id, 'alice', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
    await id.authorize(ctx(alice), { action: 'secretsmanager:ListSecrets', resource: '*' });
    // Written behind IAM's back, as a damaged database would have it: even the Allow is lost.
    await store.putInlinePolicy(
      { accountId: A, kind: 'user', name: 'alice' },
      { policyName: 'bad', document: '{"nope"' },
    );
    clock.advance(1_000);
    const e = await refusal(id.authorize(ctx(alice), { action: 'secretsmanager:ListSecrets', resource: '*' }));
    expect(e.message).toBe(
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: secretsmanager:ListSecrets on resource: * because no identity-based policy allows the secretsmanager:ListSecrets action`,
    );
  });

  it('notices identity writes of another process within the generation poll', async () => {
    const { store, clock, id } = await setup();
    const bob = await userWith(
      id,
      'bob',
      doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }),
    );
    await id.authorize(ctx(bob), { action: 'secretsmanager:ListSecrets', resource: '*' });
    // Another process (the admin CLI) removes the policy directly in the database.
    await store.deleteInlinePolicy({ accountId: A, kind: 'user', name: 'bob' }, 'p');
    // Within the poll interval the cached decision may stand; after it, the change is seen.
    clock.advance(1_000);
    expect((await refusal(id.authorize(ctx(bob), { action: 'secretsmanager:ListSecrets', resource: '*' }))).code).toBe(
      'AccessDeniedException',
    );
  });

  it('requires the trust policy itself to allow AssumeRole, even for the account root', async () => {
    const { id } = await setup();
    const trustsAlice = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:user/alice` },
      Action: 'sts:AssumeRole',
    });
    await id.iam.roles.create(ctx(rootOf()), { roleName: 'r', assumeRolePolicyDocument: trustsAlice });
    const roleArn = `arn:aws:iam::${A}:role/r`;
    const e = await refusal(id.authorize(ctx(rootOf()), { action: 'sts:AssumeRole', resource: roleArn }));
    expect(e.message).toBe(
      `User: arn:aws:iam::${A}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
    // Alice is named by the trust policy: no identity policy is needed in the same account.
    const alice = await userWith(id, 'alice', doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }));
    await id.authorize(ctx(alice), { action: 'sts:AssumeRole', resource: roleArn });
    // A role that does not exist is refused the same way.
    const missing = `arn:aws:iam::${A}:role/ghost`;
    expect((await refusal(id.authorize(ctx(alice), { action: 'sts:AssumeRole', resource: missing }))).message).toBe(
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
  });

  it('gives a session of a deleted-and-recreated role nothing', async () => {
    const { id } = await setup();
    const trust = doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' });
    const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    await id.iam.roles.create(ctx(rootOf()), { roleName: 'r', assumeRolePolicyDocument: trust });
    await id.iam.policies.put(ctx(rootOf()), 'role', { ownerName: 'r', policyName: 'all', policyDocument: allowAll });
    const s = await id.iam.sts.assumeRole(ctx(rootOf()), {
      roleArn: `arn:aws:iam::${A}:role/r`,
      roleSessionName: 'old',
    });
    const session = principal({
      arn: s.arn,
      type: 'AssumedRole',
      userName: 'old',
      accessKeyId: s.accessKeyId,
    });
    await id.authorize(ctx(session), { action: 'secretsmanager:ListSecrets', resource: '*' });
    await id.iam.policies.delete(ctx(rootOf()), 'role', { ownerName: 'r', policyName: 'all' });
    await id.iam.roles.delete(ctx(rootOf()), 'r');
    await id.iam.roles.create(ctx(rootOf()), { roleName: 'r', assumeRolePolicyDocument: trust });
    await id.iam.policies.put(ctx(rootOf()), 'role', { ownerName: 'r', policyName: 'all', policyDocument: allowAll });
    expect(
      (await refusal(id.authorize(ctx(session), { action: 'secretsmanager:ListSecrets', resource: '*' }))).code,
    ).toBe('AccessDeniedException');
  });

  it("applies a resource policy's explicit Deny to the account root", async () => {
    const { id } = await setup();
    const secret = aSecret({
      resourcePolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' }),
    });
    await id.authorize(ctx(rootOf()), { action: 'secretsmanager:GetSecretValue', resource: secretArn, secret });
    const e = await refusal(
      id.authorize(ctx(rootOf()), { action: 'secretsmanager:DeleteSecret', resource: secretArn, secret }),
    );
    expect(e.message).toBe(
      `User: arn:aws:iam::${A}:root is not authorized to perform: secretsmanager:DeleteSecret on resource: ${secretArn} with an explicit deny in a resource-based policy`,
    );
  });

  it('sees condition keys: source IP, secure transport and the secret tags', async () => {
    const { id } = await setup();
    const carol = await userWith(
      id,
      'carol',
      doc({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: {
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          Bool: { 'aws:SecureTransport': 'true' },
          StringEquals: { 'secretsmanager:ResourceTag/env': 'prod' },
        },
      }),
    );
    const tagged = aSecret({ tags: [{ Key: 'env', Value: 'prod' }] });
    const req = { action: 'secretsmanager:GetSecretValue', resource: secretArn, secret: tagged };
    await id.authorize(ctx(carol), req);
    await refusal(id.authorize({ ...ctx(carol), sourceIp: '192.168.1.1' }, req));
    await refusal(id.authorize({ ...ctx(carol), secureTransport: false }, req));
    await refusal(id.authorize(ctx(carol), { ...req, secret: aSecret({ tags: [{ Key: 'env', Value: 'dev' }] }) }));
  });

  it("lets Strongroom's own service principals through without an account", async () => {
    const { id } = await setup();
    const service = principal({
      arn: 'arn:aws:iam::aws:service/secretsmanager.amazonaws.com',
      type: 'Root',
      isAdmin: true,
    });
    await id.authorize(ctx(service), { action: 'secretsmanager:PutSecretValue', resource: secretArn });
  });
});

describe('migration to the account-root model', () => {
  it("makes an existing database's administrator key its account's root and records the account", async () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 4),
    );
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('default_account_id', ?), ('admin_access_key_id', 'AKIAOLDADMIN00000000')",
    ).run(A);
    const insert = db.prepare(
      `INSERT INTO access_keys (access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at)
       VALUES (?, ?, ?, ?, x'00', 'Active', 0)`,
    );
    insert.run('AKIAOLDADMIN00000000', A, `arn:aws:iam::${A}:user/admin`, 'admin');
    insert.run('AKIAOTHER00000000000', A, `arn:aws:iam::${A}:user/app`, 'app');
    migrate(db);
    const s = createSqliteStore(db);
    try {
      expect(await s.findAccessKey('AKIAOLDADMIN00000000')).toMatchObject({
        principalArn: `arn:aws:iam::${A}:root`,
        userName: 'root',
      });
      expect(await s.findAccessKey('AKIAOTHER00000000000')).toMatchObject({
        principalArn: `arn:aws:iam::${A}:user/app`,
      });
      expect(await s.findAccount(A)).toEqual({ accountId: A, createdAt: 0 });
    } finally {
      await s.close();
    }
  });
});
