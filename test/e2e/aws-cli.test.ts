import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';

const run = promisify(execFile);
const hasAws = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
// On CI a missing AWS CLI is a failure, not a skip.
if (!hasAws && process.env.CI) throw new Error('the aws CLI is required on CI');

let srv: RunningServer;
let work: string;
const aws = async (...args: string[]) => {
  const { stdout } = await run(
    'aws',
    ['--profile', 'strongroom', '--region', 'us-east-1', '--endpoint-url', srv.endpoint, '--output', 'json', ...args],
    {
      env: {
        ...process.env,
        AWS_SHARED_CREDENTIALS_FILE: join(srv.dataDir!, 'credentials'),
        AWS_CONFIG_FILE: '/dev/null',
      },
    },
  );
  return stdout.trim() ? JSON.parse(stdout) : {};
};
const awsFails = async (...args: string[]) => {
  try {
    await aws(...args);
  } catch (e) {
    return String((e as { stderr: string }).stderr);
  }
  throw new Error('expected the aws CLI to fail');
};

describe.skipIf(!hasAws)('the real AWS CLI against `strongroom server`', () => {
  beforeAll(async () => {
    srv = await startServer();
    work = tempDir();
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
    removeDir(work);
  });

  it('create-secret from file://, get-secret-value with --query, put, list with --filters', async () => {
    writeFileSync(join(work, 'creds.json'), '{"username":"app","password":"hunter2"}');
    const c = await aws(
      'secretsmanager',
      'create-secret',
      '--name',
      'cli/db',
      '--secret-string',
      `file://${join(work, 'creds.json')}`,
    );
    expect(c.Name).toBe('cli/db');
    const { stdout } = await run(
      'aws',
      [
        '--profile',
        'strongroom',
        '--region',
        'us-east-1',
        '--endpoint-url',
        srv.endpoint,
        'secretsmanager',
        'get-secret-value',
        '--secret-id',
        'cli/db',
        '--query',
        'SecretString',
        '--output',
        'text',
      ],
      {
        env: {
          ...process.env,
          AWS_SHARED_CREDENTIALS_FILE: join(srv.dataDir!, 'credentials'),
          AWS_CONFIG_FILE: '/dev/null',
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual({ username: 'app', password: 'hunter2' });
    const p = await aws('secretsmanager', 'put-secret-value', '--secret-id', 'cli/db', '--secret-string', 'v2');
    expect(p.VersionStages).toEqual(['AWSCURRENT']);
    const l = await aws('secretsmanager', 'list-secrets', '--filters', 'Key=name,Values=cli/');
    expect(l.SecretList.map((s: { Name: string }) => s.Name)).toEqual(['cli/db']);
  });

  it('delete with --force-delete-without-recovery, restore, and get-random-password', async () => {
    await aws('secretsmanager', 'create-secret', '--name', 'cli/tmp', '--secret-string', 'x');
    const d = await aws('secretsmanager', 'delete-secret', '--secret-id', 'cli/tmp');
    expect(d.DeletionDate).toBeDefined();
    await aws('secretsmanager', 'restore-secret', '--secret-id', 'cli/tmp');
    const g = await aws('secretsmanager', 'get-secret-value', '--secret-id', 'cli/tmp');
    expect(g.SecretString).toBe('x');
    await aws('secretsmanager', 'delete-secret', '--secret-id', 'cli/tmp', '--force-delete-without-recovery');
    expect(await awsFails('secretsmanager', 'describe-secret', '--secret-id', 'cli/tmp')).toContain(
      'ResourceNotFoundException',
    );
    const pw = await aws('secretsmanager', 'get-random-password', '--password-length', '20', '--exclude-punctuation');
    expect(pw.RandomPassword).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('fails cleanly with wrong credentials', async () => {
    const { stderr } = await run(
      'aws',
      ['--region', 'us-east-1', '--endpoint-url', srv.endpoint, 'secretsmanager', 'list-secrets'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG0',
          AWS_SECRET_ACCESS_KEY: 'nope',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    ).catch((e) => e as { stderr: string });
    expect(stderr).toContain('UnrecognizedClientException');
  });
});
