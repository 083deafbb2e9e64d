/**
 * Secret ARNs: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 chars>.
 * The suffix makes an ARN unique across delete and re-create of the same name.
 */
export type SecretArn = { partition: string; region: string; accountId: string; resource: string };

const ARN_RE = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]*):(\d{12}):secret:(.+)$/;

export function parseSecretArn(value: string): SecretArn | undefined {
  const m = ARN_RE.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, region: m[2]!, accountId: m[3]!, resource: m[4]! };
}

export const formatSecretArn = (region: string, accountId: string, name: string, suffix: string): string =>
  `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;

/** Where a ref names a secret: by name, or by ARN (full or partial: the caller decides). */
export type SecretRef =
  | { kind: 'name'; name: string }
  | { kind: 'arn'; arn: string; region: string; accountId: string; resource: string };

export function parseSecretRef(secretId: string): SecretRef {
  const arn = parseSecretArn(secretId);
  if (arn) return { kind: 'arn', arn: secretId, region: arn.region, accountId: arn.accountId, resource: arn.resource };
  return { kind: 'name', name: secretId };
}

/** True when `resource` could be `<name>-<suffix>`: AWS treats such an ARN as full first. */
export const looksLikeFullArnResource = (resource: string): boolean => /-[A-Za-z0-9]{6}$/.test(resource);
