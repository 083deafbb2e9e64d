import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * Tag rules (catalog §2.13; statements 55-61) and what a pending deletion forbids (46-53).
 * Length limits follow the service model (keys 1-128, values 0-256 characters), which the
 * current API reference also points to; the catalog's "255" comes from an older page.
 */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `g${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const tagsOf = async (id: string) => (await sm.send(new DescribeSecretCommand({ SecretId: id }))).Tags;
const secret = async (tags?: Tag[]) => {
  const name = uniq();
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', Tags: tags }));
  return name;
};

describe('tags', () => {
  it('holds 50 tags; a 51st fails with LimitExceededException and leaves the 50 intact (55)', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    const name = await secret(fifty.slice(0, 20));
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: fifty.slice(20) }));
    expect(await tagsOf(name)).toEqual(fifty);
    const e = await awsError(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k50', Value: 'x' }] })));
    expect(e).toEqual({
      name: 'LimitExceededException',
      message: 'The request failed because it would exceed the maximum number of tags allowed for a secret.',
      status: 400,
    });
    expect(await tagsOf(name)).toEqual(fifty);
    // Overwriting an existing key is not a 51st tag.
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k0', Value: 'new' }] }));
    expect((await tagsOf(name))![0]).toEqual({ Key: 'k0', Value: 'new' });
    // Nor can CreateSecret start with 51.
    const many = [...fifty, { Key: 'k50', Value: 'x' }];
    expect((await awsError(sm.send(new CreateSecretCommand({ Name: uniq(), Tags: many })))).name).toBe(
      'LimitExceededException',
    );
  });

  it.each(['aws:owner', 'AWS:owner', 'Aws:x'])('refuses the reserved key prefix in %j (56)', async (key) => {
    const name = await secret();
    const refusal = {
      name: 'InvalidParameterException',
      message: 'Invalid tag key. The aws: prefix is reserved for AWS use.',
      status: 400,
    };
    expect(
      await awsError(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: key, Value: 'v' }] }))),
    ).toEqual(refusal);
    expect(
      await awsError(sm.send(new CreateSecretCommand({ Name: uniq(), Tags: [{ Key: key, Value: 'v' }] }))),
    ).toEqual(refusal);
    expect(await tagsOf(name)).toBeUndefined();
  });

  it('accepts a 128-character key, a 256-character value and an empty value; refuses 129 and 257 (57)', async () => {
    const name = await secret();
    const key = 'k'.repeat(128);
    await sm.send(
      new TagResourceCommand({
        SecretId: name,
        Tags: [
          { Key: key, Value: 'v'.repeat(256) },
          { Key: 'empty', Value: '' },
        ],
      }),
    );
    expect(await tagsOf(name)).toEqual([
      { Key: key, Value: 'v'.repeat(256) },
      { Key: 'empty', Value: '' },
    ]);
    const longKey = await awsError(
      sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] })),
    );
    expect(longKey.name).toBe('ValidationException');
    expect(longKey.message).toContain(
      "at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    const longValue = await awsError(
      sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] })),
    );
    expect(longValue.message).toContain(
      "at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    const emptyKey = await awsError(
      sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: '', Value: 'v' }] })),
    );
    expect(emptyKey.message).toContain(
      "at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(await tagsOf(name)).toHaveLength(2);
  });

  it('accepts Unicode letters, digits, whitespace and _ . : / = + - @; refuses other characters (58)', async () => {
    const name = await secret();
    const fine = { Key: 'Ünïcødé key_.:/=+-@ 9', Value: 'välue 1_.:/=+-@' };
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [fine] }));
    expect(await tagsOf(name)).toEqual([fine]);
    for (const bad of ['a#b', 'semi;colon', 'quote"', 'star*', 'brace{']) {
      expect(
        await awsError(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: bad, Value: 'v' }] }))),
      ).toEqual({
        name: 'InvalidParameterException',
        message: `Invalid tag key: ${bad}`,
        status: 400,
      });
    }
    expect(
      await awsError(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'ok', Value: 'a#b' }] }))),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid tag value for key: ok',
      status: 400,
    });
    expect(await tagsOf(name)).toEqual([fine]);
  });

  it('refuses a tag without a Key instead of storing it', async () => {
    const name = await secret();
    const r = await rawCall(srv.endpoint, 'TagResource', JSON.stringify({ SecretId: name, Tags: [{ Value: 'v' }] }), {
      creds: srv.credentials,
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'InvalidParameterException', Message: 'Invalid tag: every tag must have a Key.' });
  });

  it('overwrites the value of an existing key, keeping one tag and its place (59)', async () => {
    const name = await secret([
      { Key: 'Env', Value: 'dev' },
      { Key: 'Team', Value: 'a' },
    ]);
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'Env', Value: 'prod' }] }));
    expect(await tagsOf(name)).toEqual([
      { Key: 'Env', Value: 'prod' },
      { Key: 'Team', Value: 'a' },
    ]);
  });

  it('treats Env and env as two keys (60)', async () => {
    const name = await secret([{ Key: 'Env', Value: 'upper' }]);
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'env', Value: 'lower' }] }));
    expect(await tagsOf(name)).toEqual([
      { Key: 'Env', Value: 'upper' },
      { Key: 'env', Value: 'lower' },
    ]);
  });

  it('UntagResource removes exactly the named keys; removing all leaves Tags: [] (61)', async () => {
    const name = await secret([
      { Key: 'Env', Value: '1' },
      { Key: 'env', Value: '2' },
      { Key: 'Team', Value: '3' },
    ]);
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['env', 'Nope'] }));
    expect(await tagsOf(name)).toEqual([
      { Key: 'Env', Value: '1' },
      { Key: 'Team', Value: '3' },
    ]);
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['Env', 'Team'] }));
    expect(await tagsOf(name)).toEqual([]);
  });

  it('answers TagResource and UntagResource with an empty body', async () => {
    const name = await secret();
    const tag = await rawCall(
      srv.endpoint,
      'TagResource',
      JSON.stringify({ SecretId: name, Tags: [{ Key: 'a', Value: 'b' }] }),
      { creds: srv.credentials },
    );
    expect([tag.status, tag.json]).toEqual([200, {}]);
    const untag = await rawCall(srv.endpoint, 'UntagResource', JSON.stringify({ SecretId: name, TagKeys: ['a'] }), {
      creds: srv.credentials,
    });
    expect([untag.status, untag.json]).toEqual([200, {}]);
  });
});

describe('a secret scheduled for deletion', () => {
  const marked = {
    name: 'InvalidRequestException',
    message: "You can't perform this operation on the secret because it was marked for deletion.",
    status: 400,
  };

  it('refuses UpdateSecret, TagResource, UntagResource and UpdateSecretVersionStage, changing nothing (53)', async () => {
    const name = uniq();
    const c = await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: 'v', Description: 'd', Tags: [{ Key: 't', Value: '1' }] }),
    );
    await sm.send(new DeleteSecretCommand({ SecretId: name }));
    expect(await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'x' })))).toEqual(marked);
    expect(await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'x' })))).toEqual(marked);
    expect(await awsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'x' })))).toEqual(marked);
    expect(
      await awsError(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 't', Value: '2' }] }))),
    ).toEqual(marked);
    expect(await awsError(sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['t'] })))).toEqual(marked);
    expect(
      await awsError(
        sm.send(
          new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'X', MoveToVersionId: c.VersionId }),
        ),
      ),
    ).toEqual(marked);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d).toMatchObject({ Description: 'd', Tags: [{ Key: 't', Value: '1' }] });
    expect(d.VersionIdsToStages).toEqual({ [c.VersionId!]: ['AWSCURRENT'] });
  });

  it('refuses a second scheduled delete but allows a forced one', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name }));
    expect(await awsError(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 })))).toEqual({
      name: 'InvalidRequestException',
      message: "You tried to perform the operation on a secret that's currently marked deleted.",
      status: 400,
    });
    await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect((await awsError(sm.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('accepts RecoveryWindowInDays=30 explicitly; the deletion date is the window from now (48)', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const before = Date.now();
    const r = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 30 }));
    const after = Date.now();
    expect(r.DeletionDate!.getTime()).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(r.DeletionDate!.getTime()).toBeLessThanOrEqual(after + 30 * 86_400_000);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.DeletedDate!.getTime()).toBeGreaterThanOrEqual(before);
    expect(d.DeletedDate!.getTime()).toBeLessThanOrEqual(after);
  });

  it('RestoreSecret on a secret that is not scheduled for deletion is a harmless no-op', async () => {
    const name = uniq();
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    expect(await sm.send(new RestoreSecretCommand({ SecretId: name }))).toMatchObject({ ARN: c.ARN, Name: name });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v');
  });

  it('restored, it is fully usable again: value, tags and writes (51)', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', Tags: [{ Key: 't', Value: '1' }] }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const r = await sm.send(new RestoreSecretCommand({ SecretId: name }));
    expect(r.Name).toBe(name);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v');
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'u', Value: '2' }] }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'w' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('w');
    expect(await tagsOf(name)).toHaveLength(2);
  });
});
