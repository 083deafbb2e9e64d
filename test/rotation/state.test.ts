import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalLambdaArn, parseLambdaArn } from '../../src/app/rotation/functions/registry.js';
import { webhookSignature } from '../../src/app/rotation/functions/webhook.js';
import { redactError } from '../../src/app/rotation/redact.js';
import {
  remainingSteps,
  retryDelay,
  rotationInProgress,
  runProgress,
  unfinishedRotationToken,
} from '../../src/domain/rotation.js';
import { openSqliteDatabase } from '../../src/storage/sqlite/open-sqlite.js';
import { DUE_RUNS_SQL } from '../../src/storage/sqlite/rotation-runs.js';
import { DUE_ROTATIONS_SQL } from '../../src/storage/sqlite/rotation-schedules.js';

const labels = (o: Record<string, string>) => new Map(Object.entries(o));

describe('the rotation run state machine', () => {
  it('resumes after the last completed step; a test runs testSecret alone', () => {
    expect(remainingSteps('rotate', undefined)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    expect(remainingSteps('rotate', 'setSecret')).toEqual(['testSecret', 'finishSecret']);
    expect(remainingSteps('rotate', 'finishSecret')).toEqual([]);
    expect(remainingSteps('test', undefined)).toEqual(['testSecret']);
    expect(remainingSteps('test', 'testSecret')).toEqual([]);
  });

  it('sees a rotation in progress only when AWSPENDING is on another version than AWSCURRENT (decision 3)', () => {
    expect(rotationInProgress(labels({ AWSCURRENT: 'a' }), 't')).toBe(false);
    expect(rotationInProgress(labels({ AWSCURRENT: 'a', AWSPENDING: 'a' }), 't')).toBe(false);
    expect(rotationInProgress(labels({ AWSCURRENT: 'a', AWSPENDING: 't' }), 't')).toBe(false);
    expect(rotationInProgress(labels({ AWSCURRENT: 'a', AWSPENDING: 'b' }), 't')).toBe(true);
    expect(unfinishedRotationToken(labels({ AWSCURRENT: 'a', AWSPENDING: 'b' }))).toBe('b');
    expect(unfinishedRotationToken(labels({ AWSCURRENT: 'a', AWSPENDING: 'a' }))).toBeUndefined();
  });

  it('tells a pending run from a finished or abandoned one by the labels', () => {
    expect(runProgress(labels({ AWSCURRENT: 'a', AWSPENDING: 't' }), 't')).toBe('pending');
    expect(runProgress(labels({ AWSCURRENT: 't', AWSPENDING: 't' }), 't')).toBe('finished');
    expect(runProgress(labels({ AWSCURRENT: 't', AWSPREVIOUS: 'a' }), 't')).toBe('finished');
    expect(runProgress(labels({ AWSCURRENT: 'b', AWSPREVIOUS: 'a' }), 't')).toBe('abandoned');
    expect(runProgress(labels({ AWSCURRENT: 'a', AWSPENDING: 'x' }), 't')).toBe('abandoned');
  });

  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => retryDelay(n, 60_000, 600_000))).toEqual([
      60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000,
    ]);
  });
});

describe('redaction of function errors', () => {
  it.each([
    ['plain', new Error('connection refused'), 'connection refused'],
    ['named', Object.assign(new Error('x'), { name: 'TypeError' }), 'TypeError: x'],
    ['labelled', new Error('login failed: password=hunter2 user=app'), 'login failed: password=*** user=app'],
    ['json', new Error('bad {"username":"app","password":"hunter2"}'), 'bad {"username":"app","password":***}'],
    ['secret key', new Error('SecretAccessKey: abc/def+ghi'), 'SecretAccessKey: ***'],
    ['url', new Error('cannot reach postgres://app:hunter2@db:5432/x'), 'cannot reach postgres://***@db:5432/x'],
    ['first line only', new Error('top\nstack with hunter2'), 'top'],
    [
      'ARNs and actions kept',
      new Error(
        'User: arn:aws:sts::111122223333:assumed-role/r/f is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-a1b2c3 (token=abc)',
      ),
      'User: arn:aws:sts::111122223333:assumed-role/r/f is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-a1b2c3 (token=***',
    ],
    ['a labelled ARN is masked whole', new Error('secret=arn:aws:x:y:z'), 'secret=***'],
    [
      'a password in a query string after an ARN is masked',
      new Error('cannot connect to arn:aws:rds:us-east-1:123456789012:db:mydb?user=admin&password=hunter2'),
      'cannot connect to arn:aws:rds:us-east-1:123456789012:db:mydb?user=admin&password=***',
    ],
    [
      'a password after a | following an ARN is masked',
      new Error('arn:aws:secretsmanager:us-east-1:123456789012:secret:a|password=hunter2'),
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:a|password=***',
    ],
    [
      'an ARN-like run carrying a credential word is not protected',
      new Error('arn:aws:x:y:z/token:abc123 failed'),
      'arn:aws:x:y:z/token:*** failed',
    ],
  ])('%s', (_, e, want) => {
    expect(redactError(e)).toBe(want);
  });

  it('bounds the length', () => {
    expect(redactError(new Error('x'.repeat(2000))).length).toBe(501);
  });
});

describe('function names', () => {
  it('parses Lambda ARNs and completes bare names with the caller’s account and region', () => {
    expect(parseLambdaArn('arn:aws:lambda:eu-west-1:123456789012:function:rotate-db')).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      name: 'rotate-db',
    });
    expect(parseLambdaArn('arn:aws:lambda:eu-west-1:123456789012:layer:x')).toBeUndefined();
    const scope = { accountId: '111122223333', region: 'us-east-2' };
    expect(canonicalLambdaArn('rotate-db', scope)).toBe('arn:aws:lambda:us-east-2:111122223333:function:rotate-db');
    expect(canonicalLambdaArn('not a name', scope)).toBeUndefined();
  });

  it('signs webhook bodies with HMAC-SHA256 over the exact bytes', () => {
    const key = Buffer.from('k'.repeat(32));
    const body = '{"Step":"createSecret"}';
    expect(webhookSignature(key, body)).toBe(`sha256=${createHmac('sha256', key).update(body).digest('hex')}`);
  });
});

describe('the due queries use their indexes, never a scan (500,000 secrets stay cheap)', () => {
  const plan = (sql: string) => {
    const db = openSqliteDatabase(':memory:');
    try {
      const params = Array.from({ length: sql.split('?').length - 1 }, () => 0);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    } finally {
      db.close();
    }
  };

  it('finds due schedules through secrets_by_rotation_due', () => {
    const p = plan(DUE_ROTATIONS_SQL);
    expect(p).toContain('USING INDEX secrets_by_rotation_due');
    expect(p).not.toMatch(/SCAN secrets(?! USING)/);
  });

  it('finds due runs through rotation_runs_due', () => {
    const p = plan(DUE_RUNS_SQL);
    expect(p).toContain('USING INDEX rotation_runs_due');
    expect(p).not.toMatch(/SCAN rotation_runs(?! USING)/);
  });
});
