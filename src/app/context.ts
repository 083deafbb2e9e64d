/** Who is calling, from where, in which region: built by the edge, read by every use case. */
export type Principal = {
  accountId: string;
  /**
   * arn:aws:iam::<account>:root, :user/<name>, or :assumed-role/<role>/<session>; for an AWS
   * service (Lambda assuming a function's execution role) its principal name.
   */
  arn: string;
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService';
  userName: string;
  accessKeyId: string;
  /** An IAM user's unique id (AIDA…): CloudTrail's userIdentity.principalId and STS's UserId. */
  principalId?: string;
  /** The bootstrap administrator, and everyone in dev mode, may do everything (until policies land). */
  isAdmin: boolean;
  /** A role session's issuer and start: what the audit trail writes as userIdentity.sessionContext. */
  session?: PrincipalSession;
};

export type PrincipalSession = {
  roleArn: string;
  /** AROA…: with the session name, the session's principal id. */
  roleId: string;
  roleName: string;
  /** Epoch milliseconds. */
  createdAt: number;
  sourceIdentity?: string;
  /**
   * Set on the execution-role session Lambda assumed for a rotation function (lambda:SourceFunctionArn):
   * PutSecretValue's RotationToken check (app/rotation/rotation-token.ts) reads it here.
   */
  sourceFunctionArn?: string;
};

export type RequestContext = {
  principal: Principal;
  /** The region comes from the request's SigV4 credential scope. */
  region: string;
  requestId: string;
  sourceIp: string;
  userAgent?: string;
  secureTransport: boolean;
  /** Time of the request (ms), read once so one request sees one "now". */
  now: number;
};
