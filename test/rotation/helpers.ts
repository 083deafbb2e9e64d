import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { type Credentials, MAIN, type RunningServer } from '../helpers/server.js';
import { query, xmlText } from '../iam/helpers.js';

export type RotationEvent = { Step: string; SecretId: string; ClientRequestToken: string; RotationToken: string };

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting${last ? `: ${String(last)}` : ''}`);
}

/** `strongroom functions add …` against a data directory, as an operator would run it. */
export async function addFunction(dataDir: string, name: string, args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, [
    MAIN,
    'functions',
    'add',
    name,
    '--data-dir',
    dataDir,
    '--json',
    ...args,
  ]);
  return JSON.parse(stdout) as { arn: string; kind: string; signingKey?: string; roleArn?: string };
}

/** The stderr of a `strongroom functions add …` expected to fail. */
export async function addFunctionFails(dataDir: string, name: string, args: string[]): Promise<string> {
  try {
    await addFunction(dataDir, name, args);
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
  throw new Error(`expected functions add ${name} to fail`);
}

export const policyDoc = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** An execution role's trust policy, as Lambda requires it. */
export const LAMBDA_TRUST = policyDoc({
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

/** What AWS documents for a rotation function's execution role (docs: execution role permissions). */
export const ROTATION_PERMISSIONS = policyDoc(
  {
    Effect: 'Allow',
    Action: [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ],
    Resource: '*',
  },
  { Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
);

/**
 * Creates a role through the IAM API as the account root (trust policy and, unless null, one
 * inline policy) and returns its ARN.
 */
export async function createRole(
  server: RunningServer | { endpoint: string; credentials?: Credentials },
  name: string,
  o: { trust?: string; permissions?: string | null } = {},
): Promise<string> {
  const creds = server.credentials!;
  const ok = async (action: string, params: Record<string, string>) => {
    const r = await query(server.endpoint, creds, 'iam', action, params);
    if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${r.text}`);
    return r.text;
  };
  const created = await ok('CreateRole', { RoleName: name, AssumeRolePolicyDocument: o.trust ?? LAMBDA_TRUST });
  const permissions = o.permissions === undefined ? ROTATION_PERMISSIONS : o.permissions;
  if (permissions !== null)
    await ok('PutRolePolicy', { RoleName: name, PolicyName: 'main', PolicyDocument: permissions });
  return xmlText(created, 'Arn')!;
}

/** Deletes a role and its inline policy (the IAM API refuses to delete a role with policies). */
export async function deleteRole(
  server: RunningServer | { endpoint: string; credentials?: Credentials },
  name: string,
) {
  const creds = server.credentials!;
  await query(server.endpoint, creds, 'iam', 'DeleteRolePolicy', { RoleName: name, PolicyName: 'main' });
  const r = await query(server.endpoint, creds, 'iam', 'DeleteRole', { RoleName: name });
  if (r.status !== 200) throw new Error(`DeleteRole failed: ${r.status} ${r.text}`);
}

export type ServiceEventLine = { eventName: string; secretArn: string; token?: string; message?: string };

/** The service events the server logged (one JSON line each, msg "event"). */
export function eventsOf(server: RunningServer, token?: string): ServiceEventLine[] {
  const out: ServiceEventLine[] = [];
  for (const line of server.stderr().split('\n')) {
    if (!line.startsWith('{')) continue;
    const j = JSON.parse(line) as ServiceEventLine & { msg?: string };
    if (j.msg === 'event' && (token === undefined || j.token === token)) out.push(j);
  }
  return out;
}

export const eventNames = (server: RunningServer, token?: string): string[] =>
  eventsOf(server, token).map((e) => e.eventName);

export type StepHandler = (e: RotationEvent) => Promise<void>;

/**
 * A rotation webhook served by the test: checks the signature, records every event, and runs
 * `handler`; an exception answers 500 (the step fails).
 */
export async function startWebhook(handler: StepHandler) {
  const received: RotationEvent[] = [];
  let signingKey: Buffer | undefined;
  let badSignatures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const want = signingKey ? `sha256=${createHmac('sha256', signingKey).update(body).digest('hex')}` : '';
      const got = String(req.headers['x-strongroom-signature'] ?? '');
      if (!signingKey || got.length !== want.length || !timingSafeEqual(Buffer.from(got), Buffer.from(want))) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body.toString('utf8')) as RotationEvent;
      received.push(event);
      handler(event).then(
        () => res.writeHead(200).end('{}'),
        () => res.writeHead(500).end('{"error":"step failed"}'),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rotate`,
    received,
    steps: (token?: string) =>
      received.filter((e) => token === undefined || e.ClientRequestToken === token).map((e) => e.Step),
    badSignatures: () => badSignatures,
    setKey(hex: string) {
      signingKey = Buffer.from(hex, 'hex');
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const isNotFound = (e: unknown) => (e as { name?: string }).name === 'ResourceNotFoundException';

/**
 * The logic of AWS's SecretsManagerRotationTemplate (lambda_function.py), over the real SDK:
 * what a generic rotation function does at each step. `hooks` let a test fail or hold a step.
 */
export async function templateStep(
  sm: SecretsManagerClient,
  e: RotationEvent,
  hooks: Partial<Record<string, () => Promise<void>>> = {},
) {
  const { SecretId: arn, ClientRequestToken: token, Step: step } = e;
  const meta = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  if (!meta.RotationEnabled) throw new Error(`Secret ${arn} is not enabled for rotation`);
  const versions = meta.VersionIdsToStages ?? {};
  if (!versions[token]) throw new Error(`Secret version ${token} has no stage for rotation of secret ${arn}.`);
  if (versions[token]!.includes('AWSCURRENT')) return;
  if (!versions[token]!.includes('AWSPENDING')) throw new Error(`Secret version ${token} not set as AWSPENDING`);
  await hooks[step]?.();
  if (step === 'createSecret') {
    await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSCURRENT' }));
    try {
      await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({ ExcludeCharacters: '/@"\'\\' }));
      await sm.send(
        new PutSecretValueCommand({
          SecretId: arn,
          ClientRequestToken: token,
          SecretString: RandomPassword,
          VersionStages: ['AWSPENDING'],
          RotationToken: e.RotationToken,
        }),
      );
    }
  } else if (step === 'finishSecret') {
    const current = Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
    if (current === token) return;
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: arn,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token,
        RemoveFromVersionId: current,
      }),
    );
  }
}

/** A promise with its resolver, to hold a step until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}
