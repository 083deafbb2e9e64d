import { describe, expect, it } from 'vitest';
import { type ApiCall, apiCallRecord } from '../../src/audit/api-call.js';
import { auditKeysOf } from '../../src/audit/keys-of.js';
import { loadServiceShapes } from '../../src/audit/model-shapes.js';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { createRecordTemplates } from '../../src/audit/record-template.js';

const shapes = loadServiceShapes(
  new URL('../../src/protocol/model/secretsmanager.json', import.meta.url),
  new URL('../../src/protocol/model/overlay.json', import.meta.url),
);
const build = (call: ApiCall, id: string, now: number) => apiCallRecord(call, shapes, id, now);
const ACCOUNT = '111122223333';
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`;
const root = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  type: 'Root',
  userName: 'root',
  accessKeyId: 'AKIAROOT',
};
const user = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  type: 'IAMUser',
  userName: 'bob',
  accessKeyId: 'AKIABOB',
  principalId: 'AIDAEXAMPLEEXAMPLE01',
};
const session = {
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/run-1`,
  type: 'AssumedRole',
  userName: 'run-1',
  accessKeyId: 'ASIASESSION',
  session: {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/ci`,
    roleId: 'AROAEXAMPLE',
    roleName: 'ci',
    createdAt: 1_700_000_000_000,
  },
};

const read = (over: Partial<ApiCall> & { name?: string }): ApiCall => {
  const name = over.name ?? 'app/db';
  return {
    requestId: 'req-1',
    eventSource: 'secretsmanager.amazonaws.com',
    operation: 'GetSecretValue',
    sourceIp: '::ffff:10.0.0.7',
    userAgent: 'aws-sdk-js/3',
    caller: root,
    region: 'eu-west-1',
    requestBody: Buffer.from(JSON.stringify({ SecretId: name })),
    responseBody: JSON.stringify({ ARN: arnOf(name), Name: name, SecretString: 'CANARY-VALUE', VersionId: 'v1' }),
    ...over,
  };
};

/** What the full path writes for the call, for comparison. */
const whole = (call: ApiCall, id: string, now: number) => JSON.stringify(build(call, id, now));

describe('record templates of repeated reads', () => {
  it('fill to the very bytes the full build gives, for every kind of caller and odd text', () => {
    const t = createRecordTemplates(build);
    const calls = [
      read({}),
      read({ caller: user }),
      read({ caller: session, operation: 'DescribeSecret' }),
      read({ name: 'we"ird\\name/ünï🔐', userAgent: 'agent "quoted" \\ \u0001 ✓' }),
      read({ requestBody: Buffer.from('{"SecretId":"app/db","VersionStage":"AWSPREVIOUS"}') }),
    ];
    for (const call of calls) {
      for (const [i, now] of [1_700_000_000_123, 1_700_000_005_999, 1_700_000_006_000].entries()) {
        const c = { ...call, requestId: `req-${i}` };
        const id = `0192aaaa-bbbb-7ccc-8ddd-00000000000${i}`;
        const p = t.prepare(c, id, now)!;
        expect(p.text).toBe(whole(c, id, now));
        const parsed = JSON.parse(p.text) as CloudTrailRecord;
        expect(p.keys).toStrictEqual(auditKeysOf(parsed));
        expect(p.eventTime).toBe(Date.parse(parsed.eventTime));
        expect(p.text).not.toContain('CANARY-VALUE');
      }
    }
  });

  it('keys a template by the response ARN too: a recreated secret of the same name is not the old one', () => {
    const t = createRecordTemplates(build);
    const first = read({});
    t.prepare(first, 'e-1', 1_000);
    const recreated = { ...first, responseBody: JSON.stringify({ ARN: arnOf('app/db').replace('AbCdEf', 'ZyXwVu') }) };
    expect(t.prepare(recreated, 'e-2', 2_000)!.text).toBe(whole(recreated, 'e-2', 2_000));
  });

  it('builds whole what a template cannot stand for', () => {
    const t = createRecordTemplates(build);
    const cases: ApiCall[] = [
      read({ error: { code: 'ResourceNotFoundException', message: 'no' } }),
      read({ operation: 'PutSecretValue' }),
      read({ operation: 'BatchGetSecretValue' }),
      read({ operation: 'ListSecrets', responseBody: '{"SecretList":[]}' }),
      read({ caller: undefined }),
      read({ requestId: 'has "quotes"' }),
      read({ requestBody: Buffer.alloc(4096, 0x20) }),
    ];
    for (const c of cases) expect(t.prepare(c, 'e-1', 1_000)).toBeUndefined();
    expect(t.prepare(read({}), 'not "plain"', 1_000)).toBeUndefined();
  });

  it('stays right when its bound clears the cache', () => {
    const t = createRecordTemplates(build, 2);
    for (let round = 0; round < 3; round++) {
      for (const name of ['a', 'b', 'c']) {
        const c = read({ name });
        expect(t.prepare(c, `e-${round}`, 5_000 * round)!.text).toBe(whole(c, `e-${round}`, 5_000 * round));
      }
    }
  });
});
