import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// The AWS SDK's own STS client (the one its credential providers use to assume roles): the
// JavaScript query-protocol parser against our XML. It ships with @aws-sdk/client-secrets-manager.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { signRequest } from '../../src/sigv4/index.js';
import { MAIN } from '../helpers/server.js';

export const run = promisify(execFile);

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Whether the aws CLI is installed; on CI its absence is a failure, not a skip. */
export const hasAwsCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
if (!hasAwsCli && process.env.CI) throw new Error('the aws CLI is required on CI');

/** Runs the real AWS CLI with explicit credentials (no profile files) and parses its JSON. */
export async function awsCli(endpoint: string, creds: Creds, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    'aws',
    ['--region', 'us-east-1', '--endpoint-url', endpoint, '--output', 'json', ...args],
    { env: cliEnv(creds) },
  );
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

/** The AWS CLI's stderr for a command expected to fail. */
export async function awsCliFails(endpoint: string, creds: Creds, ...args: string[]): Promise<string> {
  try {
    await awsCli(endpoint, creds, ...args);
  } catch (e) {
    return String((e as { stderr: string }).stderr).trim();
  }
  throw new Error(`expected aws ${args.join(' ')} to fail`);
}

export function cliEnv(creds: Creds): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  if (creds.sessionToken) env.AWS_SESSION_TOKEN = creds.sessionToken;
  return env;
}

export const secrets = (endpoint: string, creds: Creds) =>
  new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

export const sts = (endpoint: string, creds: Creds, systemClockOffset = 0) =>
  new STSClient({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1, systemClockOffset });

export async function assumeRole(
  endpoint: string,
  creds: Creds,
  input: ConstructorParameters<typeof AssumeRoleCommand>[0],
): Promise<Creds & { arn: string; expiration: Date }> {
  const r = await sts(endpoint, creds).send(new AssumeRoleCommand(input));
  const c = r.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
    expiration: c.Expiration!,
    arn: r.AssumedRoleUser!.Arn!,
  };
}

/** `strongroom admin …` against a data directory; returns stdout. */
export async function admin(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [MAIN, 'admin', ...args, '--data-dir', dataDir]);
  return stdout;
}

/** Parses the credentials profile `strongroom admin create-account|create-access-key` prints. */
export function profileCreds(text: string): Creds & { accountId?: string } {
  const id = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secret = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (!id || !secret) throw new Error(`no credentials in: ${text}`);
  const accountId = /# account (\d{12})/.exec(text)?.[1];
  return { accessKeyId: id, secretAccessKey: secret, ...(accountId && { accountId }) };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return `file://${path}`;
}

export const policy = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements });

export type QueryResponse = { status: number; text: string; contentType: string | null };

/**
 * A hand-signed query-protocol call (IAM or STS): what the SDKs send, without an SDK, so tests
 * see the raw HTTP status and XML. Params are flattened by the caller (`Tags.member.1.Key`).
 */
export async function query(
  endpoint: string,
  creds: Creds,
  service: 'iam' | 'sts',
  action: string,
  params: Record<string, string | number> = {},
  now = Date.now(),
): Promise<QueryResponse> {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const body = new URLSearchParams({ Action: action, Version: version, ...stringify(params) }).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  Object.assign(
    headers,
    signRequest({
      method: 'POST',
      url: `${endpoint}/`,
      headers,
      body,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken !== undefined && { sessionToken: creds.sessionToken }),
      region: 'us-east-1',
      service,
      now,
    }),
  );
  const res = await fetch(`${endpoint}/`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

const stringify = (p: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

/** The text of the first <name> element of an XML document (enough for these responses). */
export const xmlText = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** Creates a user with an inline policy (and tags) and returns its access key, via the IAM API. */
export async function userWithPolicy(
  endpoint: string,
  adminCreds: Creds,
  userName: string,
  doc: unknown,
  tags: Record<string, string> = {},
): Promise<Creds> {
  const tagParams = Object.entries(tags).flatMap(([k, v], i) => [
    [`Tags.member.${i + 1}.Key`, k],
    [`Tags.member.${i + 1}.Value`, v],
  ]);
  const ok = async (p: Promise<QueryResponse>) => {
    const r = await p;
    if (r.status !== 200) throw new Error(`IAM call failed: ${r.status} ${r.text}`);
    return r.text;
  };
  await ok(query(endpoint, adminCreds, 'iam', 'CreateUser', { UserName: userName, ...Object.fromEntries(tagParams) }));
  await ok(
    query(endpoint, adminCreds, 'iam', 'PutUserPolicy', {
      UserName: userName,
      PolicyName: 'main',
      PolicyDocument: JSON.stringify(doc),
    }),
  );
  const key = await ok(query(endpoint, adminCreds, 'iam', 'CreateAccessKey', { UserName: userName }));
  return { accessKeyId: xmlText(key, 'AccessKeyId')!, secretAccessKey: xmlText(key, 'SecretAccessKey')! };
}
