import type { SessionContext, UserIdentity } from './record.js';

/** A role session's issuer and start (app/context PrincipalSession fits this shape). */
export type CallerSession = {
  roleArn: string;
  roleId: string;
  roleName: string;
  createdAt: number;
  sourceIdentity?: string;
};

/** The verified caller (app/context Principal fits this shape). */
export type Caller = {
  accountId: string;
  arn: string;
  type: string;
  userName: string;
  accessKeyId: string;
  /** A unique principal id when the identity source has one. */
  principalId?: string;
  /** Set for temporary credentials of a role session. */
  session?: CallerSession;
};

/** CloudTrail's sessionContext of a role session: the role that issued it, and when. */
function sessionContextOf(c: Caller, s: CallerSession): SessionContext {
  return {
    sessionIssuer: {
      type: 'Role',
      principalId: s.roleId,
      arn: s.roleArn,
      accountId: c.accountId,
      userName: s.roleName,
    },
    webIdFederationData: {},
    // Sessions are never MFA-authenticated here: AssumeRole refuses SerialNumber/TokenCode.
    attributes: {
      creationDate: new Date(s.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      mfaAuthenticated: 'false',
    },
    ...(s.sourceIdentity !== undefined && { sourceIdentity: s.sourceIdentity }),
  };
}

/**
 * The userIdentity of every API-call record, whatever the service (Secrets Manager, CloudTrail,
 * IAM, STS, KMS, the console's sign-in): CloudTrail's shape for the root, an IAM user, a role
 * session (principalId "<role id>:<session name>", sessionContext) and an AWS service, or
 * `Unknown` with the key id a request claimed when authentication failed.
 */
export function userIdentityOf(caller: Caller | undefined, claimedKey: string | undefined): UserIdentity {
  if (!caller) return { type: 'Unknown', ...(claimedKey && { accessKeyId: claimedKey }) };
  // An AWS service acting on its own (its name is its ARN here), as service events write it.
  if (caller.type === 'AWSService') return { type: 'AWSService', accountId: caller.accountId, invokedBy: caller.arn };
  const s = caller.session;
  const principalId =
    caller.principalId ??
    (s ? `${s.roleId}:${caller.userName}` : caller.type === 'Root' ? caller.accountId : caller.arn);
  const id: UserIdentity = {
    type: caller.type,
    principalId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
  };
  if (caller.type === 'IAMUser') id.userName = caller.userName;
  if (s) id.sessionContext = sessionContextOf(caller, s);
  return id;
}
