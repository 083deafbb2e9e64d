import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, MAIN, removeDir, startServer, tempDir } from '../helpers/server.js';

const run = promisify(execFile);
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** Polls until `check` returns a value (never asserts a duration: it waits up to the test timeout). */
async function eventually<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dev mode (in memory)', () => {
  it('records calls in memory, answers LookupEvents, and streams JSON lines to stdout with STRONGROOM_AUDIT_FILE=-', async () => {
    const srv = await startServer({ mode: 'dev', env: { STRONGROOM_AUDIT_FILE: '-' } });
    cleanup.push(async () => void (await srv.stop()));
    const creds = { accessKeyId: '123456789012', secretAccessKey: 'x' };
    await srv.client(creds).send(new CreateSecretCommand({ Name: 'dev/db', SecretString: 'CANARY-dev' }));
    const found = await rawCall(
      srv.endpoint,
      'LookupEvents',
      JSON.stringify({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateSecret' }] }),
      { creds, service: 'cloudtrail', target: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' },
    );
    const events = found.json!.Events as { Username: string; CloudTrailEvent: string }[];
    expect(events).toHaveLength(1);
    expect(events[0]!.Username).toBe('root');
    expect(JSON.parse(events[0]!.CloudTrailEvent)).toMatchObject({ recipientAccountId: '123456789012' });
    const line = await eventually(() =>
      srv
        .stdout()
        .split('\n')
        .find((l) => l.includes('"eventName":"CreateSecret"')),
    );
    expect(JSON.parse(line)).toMatchObject({ eventSource: 'secretsmanager.amazonaws.com', readOnly: false });
    expect(srv.stdout()).not.toContain('CANARY');
  });
});

describe('fail closed', () => {
  it('refuses with 500 and no value when the required JSON-lines sink cannot be written, and recovers', async () => {
    const work = tempDir();
    const auditDir = join(work, 'audit');
    mkdirSync(auditDir);
    const srv = await startServer({ env: { STRONGROOM_AUDIT_FILE: join(auditDir, 'trail.jsonl') } });
    cleanup.push(async () => {
      await srv.stop();
      removeDir(srv.dataDir);
      removeDir(work);
    });
    const sm = srv.client();
    await sm.send(new CreateSecretCommand({ Name: 'fc/db', SecretString: 'CANARY-fail-closed' }));
    expect((await fetch(`${srv.endpoint}/ready`)).status).toBe(200);

    rmSync(auditDir, { recursive: true });
    const raw = await rawCall(srv.endpoint, 'GetSecretValue', JSON.stringify({ SecretId: 'fc/db' }), {
      creds: srv.credentials,
    });
    expect(raw.status).toBe(500);
    expect(raw.json).toEqual({ __type: 'InternalServiceError', Message: 'An error occurred on the server side.' });
    expect(raw.text).not.toContain('CANARY');
    const viaSdk = await awsError(sm.send(new GetSecretValueCommand({ SecretId: 'fc/db' })));
    expect([viaSdk.name, viaSdk.status]).toEqual(['InternalServiceError', 500]);
    expect((await fetch(`${srv.endpoint}/ready`)).status).toBe(503);
    const metrics = await (await fetch(`${srv.endpoint}/metrics`)).text();
    expect(metrics).toMatch(/strongroom_audit_write_failures_total\{source="api"\} [1-9]/);
    expect(srv.stderr()).toContain('audit write failed: request refused');

    mkdirSync(auditDir);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'fc/db' }))).SecretString).toBe('CANARY-fail-closed');
    expect((await fetch(`${srv.endpoint}/ready`)).status).toBe(200);
  });
});

type Delivery = { path: string; headers: IncomingHttpHeaders; body: string };

async function receiver(failFirst: boolean): Promise<{ server: Server; url: string; got: Delivery[] }> {
  const got: Delivery[] = [];
  let failed = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      const fail = failFirst && !failed;
      failed = true;
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

describe('webhook subscriptions', () => {
  it('deliver matching events (EventBridge envelope, signed, retried) and nothing else', async () => {
    const hooks = await receiver(true);
    // A first start creates the data directory (root key, database); subscriptions then load at start.
    const dataDir = tempDir();
    await (await startServer({ dataDir })).stop();
    const subscribe = async (path: string, pattern: object) => {
      const { stdout } = await run(process.execPath, [
        MAIN,
        'audit',
        'subscribe',
        '--data-dir',
        dataDir,
        '--url',
        `${hooks.url}${path}`,
        '--pattern',
        JSON.stringify(pattern),
      ]);
      return { id: /subscription (\S+)/.exec(stdout)![1]!, secret: /signing secret (\S+)/.exec(stdout)![1]! };
    };
    const match = await subscribe('/match', {
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventName: ['PutSecretValue'], requestParameters: { secretId: [{ prefix: 'hook/' }] } },
    });
    await subscribe('/nomatch', { detail: { eventName: ['DeleteResourcePolicy'], errorCode: [{ exists: false }] } });
    const listed = await run(process.execPath, [MAIN, 'audit', 'subscriptions', '--data-dir', dataDir]);
    expect(listed.stdout).not.toContain(match.secret);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);

    const srv = await startServer({ dataDir });
    cleanup.push(async () => {
      await srv.stop();
      removeDir(dataDir);
      hooks.server.close();
    });
    const sm = srv.client();
    await sm.send(new CreateSecretCommand({ Name: 'hook/db', SecretString: 'v1' }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'hook/db', SecretString: 'CANARY-hook' }));
    await awsError(sm.send(new DeleteResourcePolicyCommand({ SecretId: 'hook/missing' })));
    // The first attempt is answered 500: the same event comes again, attempt 2.
    const [first, second, ...more] = await eventually(() => {
      const ok = hooks.got.filter((d) => d.path === '/match');
      return ok.length >= 2 ? ok : undefined;
    });
    expect(more).toEqual([]);
    expect(first!.headers['x-strongroom-event-id']).toBe(second!.headers['x-strongroom-event-id']);
    expect([first!.headers['x-strongroom-delivery-attempt'], second!.headers['x-strongroom-delivery-attempt']]).toEqual(
      ['1', '2'],
    );

    const event = JSON.parse(second!.body);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.secretsmanager',
      region: 'us-east-1',
      detail: {
        eventName: 'PutSecretValue',
        eventSource: 'secretsmanager.amazonaws.com',
        requestParameters: { secretId: 'hook/db' },
      },
    });
    expect(event.id).toBe(event.detail.eventID);
    expect(second!.body).not.toContain('CANARY');
    const sig = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(second!.headers['x-strongroom-signature']))!;
    expect(sig[2]).toBe(createHmac('sha256', match.secret).update(`${sig[1]}.${second!.body}`).digest('hex'));

    // Every delivery left the outbox, and none was ever queued for the other pattern.
    await eventually(async () => {
      const m = await (await fetch(`${srv.endpoint}/metrics`)).text();
      return m.includes('strongroom_webhook_deliveries{state="pending"} 0') ? true : undefined;
    });
    expect(hooks.got.filter((d) => d.path === '/nomatch')).toEqual([]);
  });

  it('refuses a pattern it cannot match, before storing it', async () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const err = await run(process.execPath, [
      MAIN,
      'audit',
      'subscribe',
      '--data-dir',
      dir,
      '--url',
      'http://127.0.0.1:1/x',
      '--pattern',
      '{"detail":{"eventName":"x"}}',
    ]).catch((e: { stderr: string; code: number }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toContain('invalid --pattern: detail.eventName: leaves must be lists');
  });
});
