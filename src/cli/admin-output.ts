import type { AccessKeyMetadata } from '../app/iam/access-keys.js';
import type { UserView } from '../app/iam/users.js';
import type { IamRoleRecord } from '../storage/iam-ports.js';

/** The JSON the AWS CLI prints for these IAM shapes (dates in ISO 8601, policies decoded). */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Columns of `--output text|table` (every field, so text loses nothing; nested ones as JSON). */
export const USER_COLUMNS = ['UserName', 'UserId', 'Arn', 'Path', 'CreateDate', 'Tags'];
export const ROLE_COLUMNS = [
  'RoleName',
  'RoleId',
  'Arn',
  'Path',
  'CreateDate',
  'MaxSessionDuration',
  'Description',
  'Tags',
  'AssumeRolePolicyDocument',
];
export const KEY_COLUMNS = ['UserName', 'AccessKeyId', 'Status', 'CreateDate'];

export const userJson = (u: UserView) => ({
  Path: u.path,
  UserName: u.userName,
  UserId: u.userId,
  Arn: u.arn,
  CreateDate: iso(u.createdAt),
  ...(u.tags.length > 0 && { Tags: u.tags }),
});

export const roleJson = (r: IamRoleRecord) => ({
  Path: r.path,
  RoleName: r.roleName,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: iso(r.createdAt),
  AssumeRolePolicyDocument: JSON.parse(r.trustPolicy) as unknown,
  ...(r.description !== undefined && { Description: r.description }),
  MaxSessionDuration: r.maxSessionDuration,
  ...(r.tags.length > 0 && { Tags: r.tags }),
});

export const keyJson = (k: AccessKeyMetadata) => ({
  UserName: k.userName,
  AccessKeyId: k.accessKeyId,
  Status: k.status,
  CreateDate: iso(k.createDate),
});
