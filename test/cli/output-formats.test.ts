import { spawn } from 'node:child_process';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../src/client/totp.js';
import { MAIN, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * `--output json|table|text` on the commands that print records (src/cli/output-format.ts), run
 * as an operator runs them: the built CLI against a real server and its data directory.
 */
let srv: RunningServer;
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

type Ran = { code: number; stdout: string; stderr: string };

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, STRONGROOM_OUTPUT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function ok(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`strongroom ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const dir = () => ['--data-dir', srv.dataDir!];

/** The environment a client command (totp) needs to reach the server as its administrator. */
const clientEnv = () => ({
  AWS_ACCESS_KEY_ID: srv.credentials!.accessKeyId,
  AWS_SECRET_ACCESS_KEY: srv.credentials!.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: srv.endpoint,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

const textRows = (out: string) =>
  out
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.split('\t'));

/**
 * Reads a table back by its header's column offsets: a value outside its column (misalignment)
 * reads back wrong. Checks the rule under the header is one run of dashes per column.
 */
function tableRows(out: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = out.replace(/\n$/, '').split('\n');
  const header = lines[0]!.split(/ {2,}/);
  const starts: number[] = [];
  for (const h of header) starts.push(lines[0]!.indexOf(h, starts.length ? starts.at(-1)! + 1 : 0));
  const rule = lines[1]!;
  header.forEach((_, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]! - 2 : rule.length;
    expect(rule.slice(starts[i]!, end)).toMatch(/^-+$/);
  });
  const rows = lines.slice(2).map((l) => {
    // Trailing empty cells are trimmed; every column the line reaches starts after two spaces.
    for (const s of starts.slice(1)) if (l.length > s) expect(l.slice(s - 2, s)).toBe('  ');
    return Object.fromEntries(header.map((h, i) => [h, l.slice(starts[i], starts[i + 1]).trim()]));
  });
  return { header, rows };
}

/** Retries `fn` until it stops throwing (audit records may land a moment after the call). */
async function eventually<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  srv = await startServer();
  await ok(['admin', 'create-user', ...dir(), '--user-name', 'alice', '--tags', 'Key=team,Value=payments']);
  await ok(['admin', 'create-user', ...dir(), '--user-name', 'bob', '--path', '/ops/']);
  await ok(['functions', 'add', 'hook-a', ...dir(), '--webhook', 'https://hooks.example/a']);
  await ok(['functions', 'add', 'hook-bb', ...dir(), '--webhook', 'https://hooks.example/bb', '--timeout', '60']);
  const sm = srv.client();
  await sm.send(new CreateSecretCommand({ Name: 'out/otp', SecretString: SEED }));
  await sm.send(new GetSecretValueCommand({ SecretId: 'out/otp' }));
  await sm.send(new GetSecretValueCommand({ SecretId: 'out/otp' }));
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('strongroom admin list-users', () => {
  it('json: the AWS CLI shape, which is also the default', async () => {
    const json = JSON.parse(await ok(['admin', 'list-users', ...dir(), '--output', 'json']));
    const alice = json.Users.find((u: { UserName: string }) => u.UserName === 'alice');
    expect(alice).toMatchObject({ Path: '/', Arn: expect.stringMatching(/^arn:aws:iam::\d{12}:user\/alice$/) });
    expect(alice.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
    expect(JSON.parse(await ok(['admin', 'list-users', ...dir()]))).toEqual(json);
  });

  it('text: one user per line, tab-separated, no header', async () => {
    const json = JSON.parse(await ok(['admin', 'list-users', ...dir(), '--output', 'json']));
    const rows = textRows(await ok(['admin', 'list-users', ...dir(), '--output', 'text']));
    expect(rows).toHaveLength(json.Users.length);
    const byName = new Map(rows.map((r) => [r[0], r]));
    const bob = json.Users.find((u: { UserName: string }) => u.UserName === 'bob');
    expect(byName.get('bob')).toEqual(['bob', bob.UserId, bob.Arn, '/ops/', bob.CreateDate, '']);
    expect(byName.get('alice')![5]).toBe('[{"Key":"team","Value":"payments"}]');
  });

  it('table: a header row and aligned columns', async () => {
    const { header, rows } = tableRows(await ok(['admin', 'list-users', ...dir(), '--output', 'table']));
    expect(header).toEqual(['UserName', 'UserId', 'Arn', 'Path', 'CreateDate', 'Tags']);
    const bob = rows.find((r) => r.UserName === 'bob')!;
    expect(bob.Path).toBe('/ops/');
    expect(bob.Arn).toMatch(/^arn:aws:iam::\d{12}:user\/ops\/bob$/);
    expect(rows.find((r) => r.UserName === 'alice')!.Tags).toBe('[{"Key":"team","Value":"payments"}]');
  });

  it('get-user prints its one record the same ways', async () => {
    const text = textRows(await ok(['admin', 'get-user', ...dir(), '--user-name', 'bob', '--output', 'text']));
    expect(text).toHaveLength(1);
    expect(text[0]!.slice(0, 1)).toEqual(['bob']);
    const table = tableRows(await ok(['admin', 'get-user', ...dir(), '--user-name', 'bob', '--output', 'table']));
    expect(table.rows.map((r) => r.UserName)).toEqual(['bob']);
  });
});

describe('strongroom functions list', () => {
  it('json: one document with every field', async () => {
    const json = JSON.parse(await ok(['functions', 'list', ...dir(), '--output', 'json']));
    const names = json.Functions.map((f: { arn: string }) => f.arn.split(':').at(-1)).sort();
    expect(names).toEqual(['hook-a', 'hook-bb']);
    expect(json.Functions.find((f: { arn: string }) => f.arn.endsWith(':hook-bb'))).toMatchObject({
      kind: 'webhook',
      target: 'https://hooks.example/bb',
      timeoutSeconds: 60,
    });
  });

  it('text: one function per line, its columns tab-separated', async () => {
    const rows = textRows(await ok(['functions', 'list', ...dir(), '--output', 'text']));
    const bb = rows.find((r) => r[0]!.endsWith(':function:hook-bb'))!;
    expect(bb[0]).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:hook-bb$/);
    expect(bb.slice(1, 5)).toEqual(['webhook', 'https://hooks.example/bb', '', '60']);
    expect(rows).toHaveLength(2);
  });

  it('table: a header row and aligned columns; the default output is unchanged', async () => {
    const { header, rows } = tableRows(await ok(['functions', 'list', ...dir(), '--output', 'table']));
    expect(header.slice(0, 5)).toEqual(['arn', 'kind', 'target', 'handler', 'timeoutSeconds']);
    expect(rows.map((r) => [r.target, r.timeoutSeconds]).sort()).toEqual([
      ['https://hooks.example/a', '30'],
      ['https://hooks.example/bb', '60'],
    ]);
    const plain = await ok(['functions', 'list', ...dir()]);
    expect(plain).toMatch(/^arn:aws:lambda:\S+:function:hook-a\twebhook\thttps:\/\/hooks\.example\/a$/m);
  });
});

describe('strongroom audit search', () => {
  const search = (...more: string[]) =>
    ok(['audit', 'search', ...dir(), '--event-name', 'GetSecretValue', '--resource', 'out/otp', ...more]);

  it('json: {"Records": [...]}, the CloudTrail records whole', async () => {
    const json = await eventually(async () => {
      const j = JSON.parse(await search('--output', 'json'));
      expect(j.Records).toHaveLength(2);
      return j;
    });
    for (const r of json.Records) {
      expect(r).toMatchObject({ eventName: 'GetSecretValue', eventSource: 'secretsmanager.amazonaws.com' });
    }
    // The default stays one record per line, the same records.
    const lines = (await search()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).eventID)).toEqual(json.Records.map((r: { eventID: string }) => r.eventID));
  });

  it('text and table: one summary row per record', async () => {
    const json = JSON.parse(await search('--output', 'json'));
    const ids = json.Records.map((r: { eventID: string }) => r.eventID);
    const text = textRows(await search('--output', 'text'));
    expect(text.map((r) => r.length)).toEqual([7, 7]);
    expect(text.map((r) => r[1])).toEqual(['GetSecretValue', 'GetSecretValue']);
    expect(text.map((r) => r[6])).toEqual(ids);
    expect(text[0]![0]).toBe(json.Records[0].eventTime);
    expect(text[0]![4]).toContain('out/otp');
    const { header, rows } = tableRows(await search('--output', 'table'));
    expect(header).toEqual([
      'eventTime',
      'eventName',
      'username',
      'sourceIPAddress',
      'resources',
      'errorCode',
      'eventID',
    ]);
    expect(rows.map((r) => r.eventID)).toEqual(ids);
    expect(rows[0]!.sourceIPAddress).toBe(json.Records[0].sourceIPAddress);
  });

  it('refuses --follow with a format that needs every record first (exit code 2)', async () => {
    const r = await cli(['audit', 'tail', ...dir(), '--follow', '--output', 'table']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--follow streams records');
  });
});

describe('strongroom totp', () => {
  /** The codes valid around now: the current step or, across a step boundary, the previous one. */
  const valid = () => [totp(SEED, { now: Date.now() }), totp(SEED, { now: Date.now() - 30_000 })];

  it('json: {"code", "expiresInSeconds"}; the default is the code alone', async () => {
    const json = JSON.parse(await ok(['totp', 'out/otp', '--output', 'json'], clientEnv()));
    expect(Object.keys(json)).toEqual(['code', 'expiresInSeconds']);
    expect(valid()).toContain(json.code);
    expect(json.expiresInSeconds).toBeGreaterThanOrEqual(1);
    expect(json.expiresInSeconds).toBeLessThanOrEqual(30);
    expect(valid()).toContain((await ok(['totp', 'out/otp'], clientEnv())).trim());
  });

  it('text: code<TAB>seconds; table: header and one row', async () => {
    const [[code, seconds, ...rest]] = textRows(await ok(['totp', 'out/otp', '--output', 'text'], clientEnv())) as [
      string[],
    ];
    expect(rest).toEqual([]);
    expect(valid()).toContain(code);
    expect(Number(seconds)).toBeGreaterThanOrEqual(1);
    const { header, rows } = tableRows(await ok(['totp', 'out/otp', '--output', 'table'], clientEnv()));
    expect(header).toEqual(['code', 'expiresInSeconds']);
    expect(rows).toHaveLength(1);
    expect(valid()).toContain(rows[0]!.code);
  });

  it('takes the format from STRONGROOM_OUTPUT; --output wins over it', async () => {
    const json = JSON.parse(await ok(['totp', 'out/otp'], { ...clientEnv(), STRONGROOM_OUTPUT: 'json' }));
    expect(valid()).toContain(json.code);
    const text = await ok(['totp', 'out/otp', '--output', 'text'], { ...clientEnv(), STRONGROOM_OUTPUT: 'json' });
    expect(text).toMatch(/^\d{6}\t\d+\n$/);
  });
});

describe('wrong formats', () => {
  it('an unknown --output is a command-line error naming the allowed values (exit code 2)', async () => {
    const r = await cli(['admin', 'list-users', ...dir(), '--output', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("argument 'yaml' is invalid. Allowed choices are json, table, text.");
  });

  it('an unknown STRONGROOM_OUTPUT is refused before any work (exit code 2)', async () => {
    const r = await cli(['admin', 'create-user', ...dir(), '--user-name', 'never'], { STRONGROOM_OUTPUT: 'yaml' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('strongroom: STRONGROOM_OUTPUT=yaml is invalid: use json, table, text\n');
    const users = JSON.parse(await ok(['admin', 'list-users', ...dir()])).Users as { UserName: string }[];
    expect(users.map((u) => u.UserName)).not.toContain('never');
  });

  it('--json with another --output conflicts (exit code 2)', async () => {
    const r = await cli(['admin', 'list-users', ...dir(), '--json', '--output', 'text']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be used with option');
  });
});
