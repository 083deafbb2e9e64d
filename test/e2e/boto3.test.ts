import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';

/** boto3, AWS's Python SDK, against `strongroom server` with only an endpoint override (statement 147). */
const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, 'fixtures/boto3_smoke.py');
const hasBoto3 = await run('python3', ['-c', 'import boto3']).then(
  () => true,
  () => false,
);
// On CI a missing boto3 is a failure, not a skip.
if (!hasBoto3 && process.env.CI) throw new Error('python3 with boto3 is required on CI');

let srv: RunningServer;

/** The caller's own AWS profile, region or endpoint must not leak into the run. */
const withoutAwsSettings = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));

describe.skipIf(!hasBoto3)('boto3 against `strongroom server`', () => {
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
  });

  const smoke = (creds: { accessKeyId: string; secretAccessKey: string }, name: string) =>
    run('python3', [SCRIPT], {
      env: {
        ...withoutAwsSettings(process.env),
        STRONGROOM_ENDPOINT: srv.endpoint,
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        SECRET_NAME: name,
      },
    });

  it('runs create, get, put, list, describe, update-stage, delete and restore', async () => {
    const { stdout } = await smoke(srv.credentials!, `boto3/${randomUUID().slice(0, 8)}`);
    expect(JSON.parse(stdout)).toEqual({
      steps: [
        'create',
        'get',
        'put',
        'get-binary',
        'list',
        'describe',
        'update-stage',
        'delete',
        'get-deleted',
        'restore',
        'get-restored',
        'not-found',
      ],
    });
  });

  it('fails at the first call with credentials the server does not know', async () => {
    const e = await smoke({ accessKeyId: 'AKIAWRONGWRONGWRONG0', secretAccessKey: 'nope' }, 'boto3/denied').then(
      () => undefined,
      (err: { stderr: string; code: number }) => err,
    );
    expect(e?.code).not.toBe(0);
    expect(e?.stderr).toContain('UnrecognizedClientException');
  });
});
