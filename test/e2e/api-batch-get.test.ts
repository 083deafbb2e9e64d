import { randomUUID } from 'node:crypto';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/** BatchGetSecretValue end to end (catalog §2.3, statements 85 and 87; authorization in test/app). */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `b${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('BatchGetSecretValue with SecretIdList', () => {
  it('returns each readable secret like GetSecretValue and reports the others in Errors', async () => {
    const p = uniq();
    const a = await sm.send(new CreateSecretCommand({ Name: `${p}/a`, SecretString: 'alpha' }));
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const b = await sm.send(new CreateSecretCommand({ Name: `${p}/b`, SecretBinary: bytes }));
    await sm.send(new CreateSecretCommand({ Name: `${p}/empty` }));
    await sm.send(new CreateSecretCommand({ Name: `${p}/gone`, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: `${p}/gone` }));

    const r = await sm.send(
      new BatchGetSecretValueCommand({
        SecretIdList: [`${p}/a`, b.ARN!, `${p}/missing`, `${p}/empty`, `${p}/gone`],
      }),
    );
    expect(r.SecretValues).toHaveLength(2);
    const [va, vb] = r.SecretValues!;
    expect(va).toMatchObject({
      ARN: a.ARN,
      Name: `${p}/a`,
      VersionId: a.VersionId,
      SecretString: 'alpha',
      VersionStages: ['AWSCURRENT'],
    });
    expect(va!.CreatedDate).toBeInstanceOf(Date);
    expect(va!.SecretBinary).toBeUndefined();
    expect(vb).toMatchObject({ ARN: b.ARN, Name: `${p}/b`, VersionStages: ['AWSCURRENT'] });
    expect(Buffer.from(vb!.SecretBinary!)).toEqual(Buffer.from(bytes));
    expect(vb!.SecretString).toBeUndefined();
    expect(r.Errors).toEqual([
      {
        SecretId: `${p}/missing`,
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: `${p}/empty`,
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      },
      {
        SecretId: `${p}/gone`,
        ErrorCode: 'InvalidRequestException',
        Message: "You can't perform this operation on the secret because it was marked for deletion.",
      },
    ]);
    expect(r.NextToken).toBeUndefined();
  });

  it('answers Errors: [] (present, empty) and no NextToken when every secret was read', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', ClientRequestToken: randomUUID() }));
    const r = await rawCall(srv.endpoint, 'BatchGetSecretValue', JSON.stringify({ SecretIdList: [name] }), {
      creds: srv.credentials,
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json!).sort()).toEqual(['Errors', 'SecretValues']);
    expect(r.json!.Errors).toEqual([]);
  });

  it('returns the current value after a put, and marks each secret accessed', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const two = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastAccessedDate).toBeUndefined();
    const r = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: [name] }));
    expect(r.SecretValues).toEqual([expect.objectContaining({ VersionId: two.VersionId, SecretString: 'two' })]);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.LastAccessedDate!.toISOString()).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  });

  it('refuses more than 20 ids, and an empty list, with ValidationException (87)', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `id${i}`);
    const e = await awsError(sm.send(new BatchGetSecretValueCommand({ SecretIdList: ids })));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toBe(
      `1 validation error detected: Value '[${ids.join(', ')}]' at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20`,
    );
    const twenty = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ids.slice(0, 20) }));
    expect(twenty.Errors).toHaveLength(20);
    const empty = await awsError(sm.send(new BatchGetSecretValueCommand({ SecretIdList: [] })));
    expect(empty.name).toBe('ValidationException');
  });
});

describe('BatchGetSecretValue parameter rules (87)', () => {
  const both = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";

  it('refuses SecretIdList together with Filters, and neither', async () => {
    expect(
      await awsError(
        sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['x'], Filters: [{ Key: 'name', Values: ['x'] }] })),
      ),
    ).toEqual({ name: 'InvalidParameterException', message: both, status: 400 });
    expect(await awsError(sm.send(new BatchGetSecretValueCommand({})))).toEqual({
      name: 'InvalidParameterException',
      message: both,
      status: 400,
    });
  });

  it('refuses MaxResults without Filters, and MaxResults outside 1-20', async () => {
    expect(await awsError(sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['x'], MaxResults: 5 })))).toEqual({
      name: 'InvalidParameterException',
      message: "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
      status: 400,
    });
    const e = await awsError(
      sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['x'] }], MaxResults: 21 })),
    );
    expect(e.message).toBe(
      "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
    );
  });
});

describe('BatchGetSecretValue with Filters', () => {
  it('pages through the matching secrets with MaxResults and NextToken, each exactly once', async () => {
    const p = `${uniq()}/`;
    const names = ['n0', 'n1', 'n2', 'n3', 'n4'].map((n) => `${p}${n}`);
    for (const n of names) await sm.send(new CreateSecretCommand({ Name: n, SecretString: `value of ${n}` }));
    await sm.send(new CreateSecretCommand({ Name: `${p}deleted`, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: `${p}deleted` }));

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await sm.send(
        new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [p] }], MaxResults: 2, NextToken: token }),
      );
      pages++;
      expect(r.SecretValues!.length).toBeLessThanOrEqual(2);
      for (const v of r.SecretValues!) {
        expect(v.SecretString).toBe(`value of ${v.Name}`);
        seen.push(v.Name!);
      }
      expect(r.Errors).toEqual([]);
      token = r.NextToken;
    } while (token && pages < 10);
    expect(seen).toEqual(names);
  });

  it('combines filters like ListSecrets (tag-key AND name) and refuses a garbage NextToken', async () => {
    const p = `${uniq()}/`;
    await sm.send(
      new CreateSecretCommand({ Name: `${p}tagged`, SecretString: 't', Tags: [{ Key: 'Team', Value: 'a' }] }),
    );
    await sm.send(new CreateSecretCommand({ Name: `${p}plain`, SecretString: 'p' }));
    const r = await sm.send(
      new BatchGetSecretValueCommand({
        Filters: [
          { Key: 'name', Values: [p] },
          { Key: 'tag-key', Values: ['Team'] },
        ],
      }),
    );
    expect(r.SecretValues!.map((v) => v.Name)).toEqual([`${p}tagged`]);
    const e = await awsError(
      sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [p] }], NextToken: 'garbage' })),
    );
    expect(e.name).toBe('InvalidNextTokenException');
  });
});
