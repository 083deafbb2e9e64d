import { describe, expect, it } from 'vitest';
import { apiCallRecord } from '../../src/audit/api-call.js';
import { type Caller, userIdentityOf } from '../../src/audit/user-identity.js';

/** CloudTrail's userIdentity, one builder for every record (docs/audit.md "What is recorded"). */
const ACCOUNT = '111122223333';
const session: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-42`,
  type: 'AssumedRole',
  userName: 'ci-42',
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  session: {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/ops/deployer`,
    roleId: 'AROAEXAMPLEEXAMPLE01',
    roleName: 'deployer',
    createdAt: Date.UTC(2025, 4, 1, 12, 0, 0, 750),
    sourceIdentity: 'alice',
  },
};

describe('userIdentityOf', () => {
  it('writes a role session as CloudTrail does: role id and session name, and the sessionContext', () => {
    const id = userIdentityOf(session, undefined);
    expect(JSON.stringify(id)).toBe(
      JSON.stringify({
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEEXAMPLE01:ci-42',
        arn: session.arn,
        accountId: ACCOUNT,
        accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLEEXAMPLE01',
            arn: `arn:aws:iam::${ACCOUNT}:role/ops/deployer`,
            accountId: ACCOUNT,
            userName: 'deployer',
          },
          webIdFederationData: {},
          attributes: { creationDate: '2025-05-01T12:00:00Z', mfaAuthenticated: 'false' },
          sourceIdentity: 'alice',
        },
      }),
    );
    const { sourceIdentity: _, ...plain } = session.session!;
    expect(userIdentityOf({ ...session, session: plain }, undefined).sessionContext).not.toHaveProperty(
      'sourceIdentity',
    );
  });

  it('writes long-term keys without a sessionContext, and failed authentication as Unknown', () => {
    const root = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, type: 'Root', userName: 'root' };
    expect(userIdentityOf({ ...root, accessKeyId: 'AKIAROOT' }, undefined)).toStrictEqual({
      type: 'Root',
      principalId: ACCOUNT,
      arn: root.arn,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOT',
    });
    const user = {
      ...root,
      arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
      type: 'IAMUser',
      userName: 'bob',
      principalId: 'AIDAEXAMPLEEXAMPLE01',
    };
    expect(userIdentityOf({ ...user, accessKeyId: 'AKIABOB' }, undefined)).toStrictEqual({
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEEXAMPLE01',
      arn: user.arn,
      accountId: ACCOUNT,
      accessKeyId: 'AKIABOB',
      userName: 'bob',
    });
    expect(userIdentityOf(undefined, 'AKIACLAIMED')).toStrictEqual({ type: 'Unknown', accessKeyId: 'AKIACLAIMED' });
    expect(userIdentityOf(undefined, undefined)).toStrictEqual({ type: 'Unknown' });
  });

  it('is the identity of API-call records of every service', () => {
    for (const eventSource of ['secretsmanager.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com']) {
      const r = apiCallRecord(
        { requestId: 'r', eventSource, operation: 'GetCallerIdentity', sourceIp: '127.0.0.1', caller: session },
        undefined,
        'e',
        Date.UTC(2025, 4, 1, 13),
      );
      expect(r.userIdentity, eventSource).toStrictEqual(userIdentityOf(session, undefined));
    }
  });
});
