import type { AuditKeys, AuditResource } from '../storage/audit-ports.js';
import type { CloudTrailRecord } from './record.js';
import { SECRET_RESOURCE_TYPE } from './record.js';

const str = (o: Record<string, unknown> | null | undefined, key: string): string | undefined => {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** `arn:…:secret:app/db-AbCdEf` → `app/db` (the 6-character suffix and its dash removed). */
const nameFromArn = (arn: string): string | undefined => {
  const resource = /:secret:(.+)$/.exec(arn)?.[1];
  return resource && resource.length > 7 ? resource.slice(0, -7) : undefined;
};

/** Username as LookupEvents matches it: the IAM user name, `root`, or the role session name. */
function usernameOf(r: CloudTrailRecord): string | undefined {
  const id = r.userIdentity;
  if (id.userName) return id.userName;
  if (id.type === 'Root') return 'root';
  if (id.type === 'AssumedRole' && id.arn) return id.arn.split('/').pop();
  return undefined;
}

/**
 * The lookup keys of a record, derived from the record alone: written next to it, and compared
 * again by `audit verify` (a lookup column edited without its record is tampering too).
 * ResourceName matches a secret's ARN, its name, or the SecretId the caller gave.
 */
export function auditKeysOf(r: CloudTrailRecord): AuditKeys {
  const names = new Set<string>();
  for (const res of r.resources ?? []) {
    names.add(res.ARN);
    const name = nameFromArn(res.ARN);
    if (name) names.add(name);
  }
  for (const n of [
    str(r.requestParameters, 'secretId'),
    str(r.requestParameters, 'name'),
    str(r.responseElements, 'name'),
  ]) {
    if (n) names.add(n);
  }
  const secretId = r.additionalEventData?.SecretId;
  if (typeof secretId === 'string') names.add(secretId);
  const isSecretCall = r.eventSource === 'secretsmanager.amazonaws.com';
  const resources: AuditResource[] = isSecretCall
    ? [...names].sort().map((name) => ({ type: SECRET_RESOURCE_TYPE, name }))
    : [];
  const keys: AuditKeys = {
    accountId: r.recipientAccountId ?? '',
    region: r.awsRegion,
    eventSource: r.eventSource,
    eventName: r.eventName,
    readOnly: r.readOnly,
    resources,
  };
  const username = usernameOf(r);
  if (username) keys.username = username;
  if (r.userIdentity.accessKeyId) keys.accessKeyId = r.userIdentity.accessKeyId;
  return keys;
}
