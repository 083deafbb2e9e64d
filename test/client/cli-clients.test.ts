import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';

const exec = promisify(execFile);
let srv: RunningServer;
let sm: SecretsManagerClient;
let work: string;
let env: NodeJS.ProcessEnv;

const cli = (args: string[], input?: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [MAIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(input ?? '');
  });

beforeAll(async () => {
  srv = await startServer({ mode: 'dev' });
  sm = srv.client({ accessKeyId: '111122223333', secretAccessKey: 'x' });
  work = tempDir();
  // Clients read the standard AWS environment: credentials, region and endpoint.
  env = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: '111122223333',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: srv.endpoint,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  await sm.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"username":"app","password":"p@ss"}' }));
  await sm.send(new CreateSecretCommand({ Name: 'app/token', SecretString: 'tok-1' }));
  await sm.send(new CreateSecretCommand({ Name: 'otp/seed', SecretString: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }));
  await sm.send(
    new CreateSecretCommand({
      Name: 'otp/login',
      SecretString: '{"user":"u","totp_secret":"otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}',
    }),
  );
});
afterAll(async () => {
  await srv.stop();
  removeDir(work);
});

describe('strongroom run', () => {
  it('injects JSON keys and plain secrets as variables and passes the exit code through', async () => {
    const r = await cli([
      'run',
      '--secret',
      'app/db',
      '--secret',
      'TOKEN,app/token',
      '--',
      'sh',
      '-c',
      'echo "$APP_DB_USERNAME $APP_DB_PASSWORD $TOKEN"; exit 7',
    ]);
    expect(r.stdout.trim()).toBe('app p@ss tok-1');
    expect(r.code).toBe(7);
  });

  it('keeps JSON whole with --no-parse-json and reads prefixes', async () => {
    const r = await cli(['run', '--no-parse-json', '--prefix', 'app/', '--', 'sh', '-c', 'echo "$APP_DB|$APP_TOKEN"']);
    expect(r.stdout.trim()).toBe('{"username":"app","password":"p@ss"}|tok-1');
  });

  it('fails with the AWS error code when a secret is missing, without starting the command', async () => {
    const r = await cli(['run', '--secret', 'nope/missing', '--', 'sh', '-c', 'echo started']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ResourceNotFoundException');
  });

  it('refuses a prefix shorter than 3 characters', async () => {
    const r = await cli(['run', '--prefix', 'be*', '--', 'true']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too short');
  });

  it('forwards SIGTERM to the command', async () => {
    const p = spawn(
      process.execPath,
      [
        MAIN,
        'run',
        '--secret',
        'app/token',
        '--',
        'sh',
        '-c',
        'trap "echo got-term; exit 3" TERM; echo ready; while true; do sleep 0.05; done',
      ],
      { env },
    );
    let out = '';
    await new Promise<void>((ok) =>
      p.stdout.on('data', (c) => {
        out += c;
        if (out.includes('ready')) ok();
      }),
    );
    p.kill('SIGTERM');
    const code = await new Promise((ok) => p.on('exit', ok));
    expect(out).toContain('got-term');
    expect(code).toBe(3);
  });

  it('restarts the command with --watch when a secret changes', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'watch/me', SecretString: 'one' }));
    const p = spawn(
      process.execPath,
      [
        MAIN,
        'run',
        '--watch',
        '--interval',
        '0.2',
        '--secret',
        'watch/me',
        '--',
        'sh',
        '-c',
        'echo "v=$WATCH_ME"; while true; do sleep 0.05; done',
      ],
      { env },
    );
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    await expect.poll(() => out, { timeout: 10_000 }).toContain('v=one');
    await sm.send(new PutSecretValueCommand({ SecretId: 'watch/me', SecretString: 'two' }));
    await expect.poll(() => out, { timeout: 10_000 }).toContain('v=two');
    p.kill('SIGKILL');
  });
});

describe('strongroom resolve', () => {
  it('expands CloudFormation and Workato references in text', async () => {
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'wk/creds', SecretString: '{"jira.key":"J-1"}' }))).ARN!;
    const r = await cli(
      ['resolve', '-'],
      `user={{resolve:secretsmanager:app/db:SecretString:username}}\nkey={{workato:sm:jira.key:${arn}}}\n`,
    );
    expect(r.stdout).toBe('user=app\nkey=J-1\n');
  });

  it('replaces ECS valueFrom ARNs (partial ARN, json key, empty stage and id) in JSON', async () => {
    const arn = (
      await sm.send(new CreateSecretCommand({ Name: 'ecs/database', SecretString: '{"username":"ecs-user"}' }))
    ).ARN!;
    const partial = arn.slice(0, -7);
    const file = join(work, 'task.json');
    writeFileSync(file, JSON.stringify({ secrets: [{ name: 'DB_USER', valueFrom: `${partial}:username::` }] }));
    const r = await cli(['resolve', file]);
    expect(JSON.parse(r.stdout)).toEqual({ secrets: [{ name: 'DB_USER', value: 'ecs-user' }] });
  });

  it('names the reference that cannot be resolved and prints nothing', async () => {
    const r = await cli(['resolve', '-'], 'a={{resolve:secretsmanager:app/token:SecretString:password}}\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('app/token is not a JSON object');
  });

  it('resolves Optexity secure parameters with type totp_secret to a 6-digit code', async () => {
    const doc = {
      secure_parameters: {
        otp: [
          {
            amazon_secrets_manager: {
              secret_name: 'otp/login',
              region_name: 'us-east-1',
              key: 'totp_secret',
              type: 'totp_secret',
              digits: 6,
            },
          },
        ],
      },
    };
    const r = await cli(['resolve', '-'], JSON.stringify(doc));
    expect(JSON.parse(r.stdout).secure_parameters.otp[0]).toMatch(/^\d{6}$/);
  });
});

describe('strongroom totp', () => {
  it('prints the RFC 6238 code for a stored base32 seed or an otpauth URI in a JSON key', async () => {
    const a = await cli(['totp', 'otp/seed']);
    const b = await cli(['totp', 'otp/login', '--key', 'totp_secret']);
    expect(a.stdout.trim()).toMatch(/^\d{6}$/);
    // Both hold the same seed, so within one 30-second step the codes agree (retry across a step edge).
    const again = await cli(['totp', 'otp/seed']);
    expect([a.stdout.trim(), again.stdout.trim()]).toContain(b.stdout.trim());
  });

  it('answers --help with examples', async () => {
    const { stdout } = await exec(process.execPath, [MAIN, 'totp', '--help']);
    expect(stdout).toContain('Example:');
  });
});
