import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  type SecretsManagerClient,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/** Behaviour catalog §16 G statements 66–70 through the real server and the real SDK. */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `rp-${randomUUID().slice(0, 8)}`;

const policy = (principal: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...extra },
    ],
  });
const ROLE_A = { AWS: 'arn:aws:iam::444455556666:role/reader' };
const ROLE_B = { AWS: 'arn:aws:iam::444455556666:role/writer' };

async function newSecret(): Promise<string> {
  const name = uniq();
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
  return name;
}
const stored = async (id: string) => (await sm.send(new GetResourcePolicyCommand({ SecretId: id }))).ResourcePolicy;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('66: PutResourcePolicy / GetResourcePolicy / DeleteResourcePolicy', () => {
  it('stores, replaces, returns the latest, deletes', async () => {
    const name = await newSecret();
    const put = await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ROLE_A) }));
    expect(put.Name).toBe(name);
    expect(put.ARN).toMatch(new RegExp(`:secret:${name}-[A-Za-z0-9]{6}$`));
    expect(JSON.parse((await stored(name))!)).toEqual(JSON.parse(policy(ROLE_A)));

    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ROLE_B) }));
    expect(await stored(name)).toBe(policy(ROLE_B));

    const del = await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    expect(del).toMatchObject({ ARN: put.ARN, Name: name });
    const after = await sm.send(new GetResourcePolicyCommand({ SecretId: name }));
    expect(after.ARN).toBe(put.ARN);
    expect(after.ResourcePolicy).toBeUndefined();
  });

  it('without BlockPublicPolicy a public policy is stored', async () => {
    const name = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy('*') }));
    expect(await stored(name)).toBe(policy('*'));
  });
});

describe('67/68: BlockPublicPolicy', () => {
  it('67: refuses Principal "*" without restricting conditions and keeps the previous policy', async () => {
    const name = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ROLE_A) }));
    const e = await awsError(
      sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy('*'), BlockPublicPolicy: true })),
    );
    expect(e).toEqual({
      name: 'PublicPolicyException',
      message:
        'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
      status: 400,
    });
    expect(await stored(name)).toBe(policy(ROLE_A));
  });

  it('67: {"AWS":"*"} is refused too', async () => {
    const name = await newSecret();
    const e = await awsError(
      sm.send(
        new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy({ AWS: '*' }), BlockPublicPolicy: true }),
      ),
    );
    expect(e.name).toBe('PublicPolicyException');
    expect(await stored(name)).toBeUndefined();
  });

  it('a "*" principal pinned to an account by a condition is accepted', async () => {
    const name = await newSecret();
    const pinned = policy('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: pinned, BlockPublicPolicy: true }));
    expect(await stored(name)).toBe(pinned);
  });

  it('68: a specific role in another account is accepted', async () => {
    const name = await newSecret();
    await sm.send(
      new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ROLE_A), BlockPublicPolicy: true }),
    );
    expect(await stored(name)).toBe(policy(ROLE_A));
  });
});

describe('69: size and syntax', () => {
  it('refuses a policy longer than 20,480 characters', async () => {
    const name = await newSecret();
    const long = policy(ROLE_A, { Sid: 'x'.repeat(20_481) });
    const e = await awsError(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: long })));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toContain('20480');
    expect(await stored(name)).toBeUndefined();
  });

  it('accepts a policy of exactly 20,480 characters', async () => {
    const name = await newSecret();
    const base = policy(ROLE_A, { Sid: '' });
    const exact = policy(ROLE_A, { Sid: 'x'.repeat(20_480 - base.length) });
    expect(exact.length).toBe(20_480);
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: exact }));
    expect(await stored(name)).toBe(exact);
  });

  it('refuses malformed JSON with MalformedPolicyDocumentException and a useful message', async () => {
    const name = await newSecret();
    const e = await awsError(
      sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: '{"Version": "2012-10-17",' })),
    );
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^This policy has invalid syntax: the policy is not valid JSON/);
  });

  it('refuses a grammar error, naming the element', async () => {
    const name = await newSecret();
    const bad = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Permit', Principal: '*', Action: 'secretsmanager:*' }],
    });
    const e = await awsError(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: bad })));
    expect(e).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy has invalid syntax: Statement[0].Effect: must be "Allow" or "Deny", not "Permit"',
    });
  });
});

describe('70: ValidateResourcePolicy', () => {
  it('fails a public policy with at least one error and does not modify the secret', async () => {
    const name = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ROLE_A) }));
    const r = await sm.send(new ValidateResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy('*') }));
    expect(r.PolicyValidationPassed).toBe(false);
    expect(r.ValidationErrors!.length).toBeGreaterThanOrEqual(1);
    for (const v of r.ValidationErrors!) {
      expect(typeof v.CheckName).toBe('string');
      expect(v.ErrorMessage).toMatch(/broad access/);
    }
    expect(await stored(name)).toBe(policy(ROLE_A));
  });

  it('passes a specific principal with an empty ValidationErrors list (SecretId omitted)', async () => {
    const r = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy(ROLE_A) }));
    expect(r.PolicyValidationPassed).toBe(true);
    expect(r.ValidationErrors).toEqual([]);
  });

  it('reports a syntax error in the output', async () => {
    const r = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: '{ nope' }));
    expect(r.PolicyValidationPassed).toBe(false);
    expect(r.ValidationErrors![0]!.ErrorMessage).toMatch(/^This policy has invalid syntax/);
  });

  it('an unknown SecretId is ResourceNotFoundException', async () => {
    const e = await awsError(
      sm.send(new ValidateResourcePolicyCommand({ SecretId: uniq(), ResourcePolicy: policy(ROLE_A) })),
    );
    expect(e).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('an invalid SecretId is the name ValidationException', async () => {
    const e = await awsError(
      sm.send(new ValidateResourcePolicyCommand({ SecretId: 'Inv Name', ResourcePolicy: policy(ROLE_A) })),
    );
    expect(e).toMatchObject({
      name: 'ValidationException',
      message:
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    });
  });
});
