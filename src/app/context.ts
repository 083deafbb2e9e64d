/** Who is calling, from where, in which region: built by the edge, read by every use case. */
export type Principal = {
  accountId: string;
  /** arn:aws:iam::<account>:root, :user/<name>, or :assumed-role/<role>/<session>. */
  arn: string;
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  userName: string;
  accessKeyId: string;
  /** The bootstrap administrator, and everyone in dev mode, may do everything (until policies land). */
  isAdmin: boolean;
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
