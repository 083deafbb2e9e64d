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

  it('batch-get-secret-value by --secret-id-list and by --filters, paging with --next-token', async () => {
    for (const n of ['one', 'two'])
      await aws('secretsmanager', 'create-secret', '--name', `cli/batch/${n}`, '--secret-string', `value-${n}`);
    const byIds = await aws(
      'secretsmanager',
      'batch-get-secret-value',
      '--secret-id-list',
      'cli/batch/one',
      'cli/batch/two',
      'cli/batch/missing',
    );
    expect(byIds.SecretValues.map((v: { SecretString: string }) => v.SecretString)).toEqual(['value-one', 'value-two']);
    expect(byIds.Errors).toEqual([
      {
        SecretId: 'cli/batch/missing',
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
    ]);
    const byFilter = await aws('secretsmanager', 'batch-get-secret-value', '--filters', 'Key=name,Values=cli/batch/');
    expect(byFilter.SecretValues.map((v: { Name: string }) => v.Name)).toEqual(['cli/batch/one', 'cli/batch/two']);
    expect(byFilter.Errors).toEqual([]);
    const first = await aws(
      'secretsmanager',
      'batch-get-secret-value',
      '--filters',
      'Key=name,Values=cli/batch/',
      '--max-results',
      '1',
    );
    expect(first.SecretValues.map((v: { Name: string }) => v.Name)).toEqual(['cli/batch/one']);
    const second = await aws(
      'secretsmanager',
      'batch-get-secret-value',
      '--filters',
      'Key=name,Values=cli/batch/',
      '--max-results',
      '1',
      '--next-token',
      first.NextToken,
    );
    expect(second.SecretValues.map((v: { Name: string }) => v.Name)).toEqual(['cli/batch/two']);
    expect(
      await awsFails(
        'secretsmanager',
        'batch-get-secret-value',
        '--secret-id-list',
        'cli/batch/one',
        '--filters',
        'Key=name,Values=cli/',
      ),
    ).toContain(
      "InvalidParameterException) when calling the BatchGetSecretValue operation: Either 'SecretIdList' or 'Filters' must be provided, but not both.",
    );
  });

  it('list-secrets follows NextToken across pages (--page-size), with --query', async () => {
    for (const n of ['a', 'b', 'c'])
      await aws('secretsmanager', 'create-secret', '--name', `cli/paged/${n}`, '--secret-string', 'x');
    const names = await aws(
      'secretsmanager',
      'list-secrets',
      '--filters',
      'Key=name,Values=cli/paged/',
      '--page-size',
      '1',
      '--query',
      'SecretList[].Name',
    );
    expect(names).toEqual(['cli/paged/a', 'cli/paged/b', 'cli/paged/c']);
  });

  it('describe-secret, tag-resource, list-secret-version-ids and update-secret-version-stage (rollback)', async () => {
    const c = await aws('secretsmanager', 'create-secret', '--name', 'cli/roll', '--secret-string', 'v1');
    const p = await aws('secretsmanager', 'put-secret-value', '--secret-id', 'cli/roll', '--secret-string', 'v2');
    await aws('secretsmanager', 'tag-resource', '--secret-id', 'cli/roll', '--tags', 'Key=FirstTag,Value=FirstValue');
    await aws('secretsmanager', 'tag-resource', '--secret-id', 'cli/roll', '--tags', '[{"Key":"Second","Value":"2"}]');
    await aws('secretsmanager', 'untag-resource', '--secret-id', 'cli/roll', '--tag-keys', '["Second"]');
    const versions = await aws('secretsmanager', 'list-secret-version-ids', '--secret-id', 'cli/roll');
    expect(versions.Versions).toHaveLength(2);
    await aws(
      'secretsmanager',
      'update-secret-version-stage',
      '--secret-id',
      'cli/roll',
      '--version-stage',
      'AWSCURRENT',
      '--move-to-version-id',
      c.VersionId,
      '--remove-from-version-id',
      p.VersionId,
    );
    const d = await aws('secretsmanager', 'describe-secret', '--secret-id', 'cli/roll');
    expect(d.VersionIdsToStages).toEqual({ [c.VersionId]: ['AWSCURRENT'], [p.VersionId]: ['AWSPREVIOUS'] });
    expect(d.Tags).toEqual([{ Key: 'FirstTag', Value: 'FirstValue' }]);
    expect((await aws('secretsmanager', 'get-secret-value', '--secret-id', 'cli/roll')).SecretString).toBe('v1');
  });

  it('delete-secret --recovery-window-in-days 7 schedules deletion; the name stays taken until restore', async () => {
    await aws('secretsmanager', 'create-secret', '--name', 'cli/window', '--secret-string', 'x');
    const d = await aws(
      'secretsmanager',
      'delete-secret',
      '--secret-id',
      'cli/window',
      '--recovery-window-in-days',
      '7',
    );
    expect(d.Name).toBe('cli/window');
    expect(await awsFails('secretsmanager', 'get-secret-value', '--secret-id', 'cli/window')).toContain(
      'marked for deletion',
    );
    expect(await awsFails('secretsmanager', 'create-secret', '--name', 'cli/window', '--secret-string', 'y')).toContain(
      'already scheduled for deletion',
    );
    await aws('secretsmanager', 'restore-secret', '--secret-id', 'cli/window');
    expect((await aws('secretsmanager', 'get-secret-value', '--secret-id', 'cli/window')).SecretString).toBe('x');
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
