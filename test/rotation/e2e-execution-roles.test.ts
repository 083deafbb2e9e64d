import { resolve } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { secrets } from '../iam/helpers.js';
import {
  addFunction,
  addFunctionFails,
  createRole,
  deleteRole,
  eventNames,
  eventsOf,
  policyDoc,
  ROTATION_PERMISSIONS,
  waitFor,
} from './helpers.js';

/**
 * Handler functions run as their execution role, as Lambda runs them: each invocation gets a
 * fresh session of the role given at registration (ASIA key, secret, session token), assumed as
 * lambda.amazonaws.com, so the role's trust policy decides whether the function can run at all
 * and its identity policies decide what the function may do. Real server, real child processes.
 */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');

let server: RunningServer;
let sm: SecretsManagerClient;
let account: string;

beforeAll(async () => {
  server = await startServer({ env: { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_MAX_ATTEMPTS: '1' } });
  sm = server.client();
  const arn = await createRole(server, 'probe', { permissions: null });
  account = /^arn:aws:iam::(\d{12}):role\/probe$/.exec(arn)![1]!;
});

afterAll(async () => {
  await server?.stop();
  removeDir(server?.dataDir);
});

/** Creates a secret, rotates it with the function and waits for the rotation's outcome. */
async function rotateWith(name: string, functionArn: string) {
  const arn = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'before' }))).ARN!;
  const { VersionId: token } = await sm.send(
    new RotateSecretCommand({
      SecretId: arn,
      RotationLambdaARN: functionArn,
      RotationRules: { AutomaticallyAfterDays: 10 },
    }),
  );
  await waitFor(
    () => eventNames(server, token).some((n) => n === 'RotationSucceeded' || n === 'RotationFailed'),
    60_000,
  );
  const failed = eventsOf(server, token).find((e) => e.eventName === 'RotationFailed');
  return { arn, token: token!, failure: failed?.message };
}

describe('execution roles of handler functions', () => {
  it('runs the function with short-lived ASIA credentials of its role, as the session named after the function', async () => {
    // The policy only holds for requests made with this function's own credentials.
    const functionArn = `arn:aws:lambda:us-east-1:${account}:function:whoami`;
    const role = await createRole(server, 'whoami-exec', {
      permissions: policyDoc({
        Effect: 'Allow',
        Action: 'secretsmanager:*',
        Resource: '*',
        Condition: { ArnEquals: { 'lambda:SourceFunctionArn': functionArn } },
      }),
    });
    const fn = await addFunction(server.dataDir!, 'whoami', [
      '--python',
      resolve(FIXTURES, 'whoami.py'),
      '--role',
      role,
    ]);
    expect(fn).toMatchObject({ arn: functionArn, kind: 'python', roleArn: role });

    const { arn, token, failure } = await rotateWith('roles/whoami', fn.arn);
    expect(failure).toBeUndefined();
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    const v = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(v.VersionId).toBe(token);
    const seen = JSON.parse(v.SecretString!) as Record<string, string>;
    expect(seen.caller).toBe(`arn:aws:sts::${account}:assumed-role/whoami-exec/whoami`);
    expect(seen.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(seen.sessionToken!.length).toBeGreaterThan(100);

    // The credentials speak for the role's session, and only with their session token.
    const creds = { accessKeyId: seen.accessKeyId!, secretAccessKey: seen.secretAccessKey! };
    const asSession = secrets(server.endpoint, { ...creds, sessionToken: seen.sessionToken! });
    expect((await asSession.send(new DescribeSecretCommand({ SecretId: arn }))).ARN).toBe(arn);
    const noToken = secrets(server.endpoint, creds);
    expect((await awsError(noToken.send(new DescribeSecretCommand({ SecretId: arn })))).name).toBe(
      'UnrecognizedClientException',
    );
    // Never in the server's output.
    expect(server.stderr()).not.toContain(seen.secretAccessKey!);
    expect(server.stderr()).not.toContain(seen.sessionToken!);
  });

  it('fails the rotation with AccessDenied when the role may not use Secrets Manager', async () => {
    const role = await createRole(server, 'powerless-exec', { permissions: null });
    const fn = await addFunction(server.dataDir!, 'powerless', [
      '--node',
      resolve(FIXTURES, 'rotate-node.mjs'),
      '--role',
      role,
    ]);
    const { arn, token, failure } = await rotateWith('roles/powerless', fn.arn);
    const denied = `createSecret: AccessDeniedException: User: arn:aws:sts::${account}:assumed-role/powerless-exec/powerless is not authorized to perform: secretsmanager:DescribeSecret on resource: ${arn}`;
    expect(failure?.slice(0, denied.length)).toBe(denied);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.VersionIdsToStages?.[token]).toEqual(['AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('before');
  });

  it('refuses to register a handler without a role, or with one Lambda cannot assume', async () => {
    const file = resolve(FIXTURES, 'rotate-node.mjs');
    expect(await addFunctionFails(server.dataDir!, 'no-role', ['--node', file])).toContain(
      'a handler function needs an execution role, as a Lambda does: --role arn:aws:iam::<account>:role/<name>',
    );
    const untrusting = await createRole(server, 'untrusting', {
      trust: policyDoc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'sts:AssumeRole',
      }),
    });
    expect(await addFunctionFails(server.dataDir!, 'untrusted', ['--node', file, '--role', untrusting])).toContain(
      `The role defined for the function cannot be assumed by Lambda: ${untrusting} does not exist or its trust policy does not allow {"Service": "lambda.amazonaws.com"}`,
    );
    const missing = `arn:aws:iam::${account}:role/nobody`;
    expect(await addFunctionFails(server.dataDir!, 'missing', ['--node', file, '--role', missing])).toContain(
      `The role defined for the function cannot be assumed by Lambda: ${missing} does not exist`,
    );
    expect(
      await addFunctionFails(server.dataDir!, 'elsewhere', [
        '--node',
        file,
        '--role',
        'arn:aws:iam::999999999999:role/x',
      ]),
    ).toContain('Cross-account pass role is not allowed');
    expect(
      await addFunctionFails(server.dataDir!, 'hook', ['--webhook', 'http://127.0.0.1:9/', '--role', untrusting]),
    ).toContain('--role is for handler files');
  });

  it('fails the invocation when the role no longer trusts lambda.amazonaws.com, or no longer exists', async () => {
    const role = await createRole(server, 'changing-exec');
    const fn = await addFunction(server.dataDir!, 'changing', [
      '--node',
      resolve(FIXTURES, 'rotate-node.mjs'),
      '--role',
      role,
    ]);
    const cannot = `createSecret: ExecutionRoleError: Lambda cannot assume the execution role ${role}: it does not exist or its trust policy does not allow lambda.amazonaws.com`;

    // Recreated with the same name, trusting only the account: Lambda may no longer assume it.
    await deleteRole(server, 'changing-exec');
    await createRole(server, 'changing-exec', {
      trust: policyDoc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'sts:AssumeRole',
      }),
      permissions: ROTATION_PERMISSIONS,
    });
    const untrusted = await rotateWith('roles/untrusted', fn.arn);
    expect(untrusted.failure).toBe(cannot);
    expect(eventNames(server, untrusted.token)).toEqual(['RotationStarted', 'RotationFailed']);

    await deleteRole(server, 'changing-exec');
    const gone = await rotateWith('roles/gone', fn.arn);
    expect(gone.failure).toBe(cannot);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: gone.arn }));
    expect(d.VersionIdsToStages?.[gone.token]).toEqual(['AWSPENDING']);
  });
});

describe('statement 99: RotationToken from a role the function assumed itself', () => {
  beforeAll(async () => {
    const exec = await createRole(server, 'chain-exec', {
      permissions: policyDoc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
    });
    await createRole(server, 'rotation-writer', {
      trust: policyDoc({ Effect: 'Allow', Principal: { AWS: exec }, Action: 'sts:AssumeRole' }),
    });
    for (const name of ['chained-without-token', 'chained-with-token']) {
      await addFunction(server.dataDir!, name, ['--python', resolve(FIXTURES, 'chained.py'), '--role', exec]);
    }
  });

  it('fails the rotation with "Pending secret version … was not created by Lambda" when the put lacks it', async () => {
    const fn = `arn:aws:lambda:us-east-1:${account}:function:chained-without-token`;
    const { arn, token, failure } = await rotateWith('roles/chained-without', fn);
    expect(failure).toBe(
      `Pending secret version ${token} for Secret ${arn} was not created by Lambda ${fn}. Remove the AWSPENDING staging label and restart rotation`,
    );
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationFailed']);
    // The write was refused: AWSPENDING stays on the empty placeholder, AWSCURRENT is untouched.
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.VersionIdsToStages?.[token]).toEqual(['AWSPENDING']);
    expect((await awsError(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token })))).name).toBe(
      'ResourceNotFoundException',
    );
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('before');
  });

  it('completes the rotation when the put carries the event RotationToken', async () => {
    const fn = `arn:aws:lambda:us-east-1:${account}:function:chained-with-token`;
    const { arn, token, failure } = await rotateWith('roles/chained-with', fn);
    expect(failure).toBeUndefined();
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe(
      'written-by-a-chained-role',
    );
  });
});
