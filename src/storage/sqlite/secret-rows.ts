import type { SecretRecord, ValueKind, VersionRecord } from '../../domain/secret.js';

/** Row ↔ record mapping. Absent optional fields are NULL in the row and missing (not undefined) in the record. */
export type SecretRow = {
  id: string;
  account_id: string;
  region: string;
  name: string;
  arn: string;
  description: string | null;
  kms_key_id: string | null;
  created_at: number;
  last_changed_at: number | null;
  last_accessed_at: number | null;
  deleted_at: number | null;
  deletion_date: number | null;
  rotation_enabled: number;
  rotation_lambda_arn: string | null;
  rotation_rules: string | null;
  last_rotated_at: number | null;
  next_rotation_at: number | null;
  tags: string;
  resource_policy: string | null;
  owning_service: string | null;
  type: string | null;
  external_rotation_metadata: string | null;
  external_rotation_role_arn: string | null;
  primary_region: string | null;
  replicas: string;
};

export type VersionRow = {
  secret_id: string;
  version_id: string;
  created_at: number;
  last_accessed_at: number | null;
  sealed: Uint8Array | null;
  kind: string | null;
  kms_key_ids: string;
};

/** Every secrets column, in schema order: SELECT lists and INSERT/UPDATE are generated from it. */
export const SECRET_COLUMNS = [
  'id',
  'account_id',
  'region',
  'name',
  'arn',
  'description',
  'kms_key_id',
  'created_at',
  'last_changed_at',
  'last_accessed_at',
  'deleted_at',
  'deletion_date',
  'rotation_enabled',
  'rotation_lambda_arn',
  'rotation_rules',
  'last_rotated_at',
  'next_rotation_at',
  'tags',
  'resource_policy',
  'owning_service',
  'type',
  'external_rotation_metadata',
  'external_rotation_role_arn',
  'primary_region',
  'replicas',
] as const satisfies readonly (keyof SecretRow)[];

export const SECRET_SELECT = SECRET_COLUMNS.join(', ');
const VERSION_COLUMNS = [
  'secret_id',
  'version_id',
  'created_at',
  'last_accessed_at',
  'sealed',
  'kind',
  'kms_key_ids',
] as const satisfies readonly (keyof VersionRow)[];
export const VERSION_SELECT = VERSION_COLUMNS.join(', ');
/** The version columns qualified by a table alias, for joins. */
export const versionSelectAs = (alias: string): string => VERSION_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export function secretToRow(s: SecretRecord): SecretRow {
  return {
    id: s.id,
    account_id: s.accountId,
    region: s.region,
    name: s.name,
    arn: s.arn,
    description: s.description ?? null,
    kms_key_id: s.kmsKeyId ?? null,
    created_at: s.createdAt,
    last_changed_at: s.lastChangedAt ?? null,
    last_accessed_at: s.lastAccessedAt ?? null,
    deleted_at: s.deletedAt ?? null,
    deletion_date: s.deletionDate ?? null,
    rotation_enabled: s.rotationEnabled ? 1 : 0,
    rotation_lambda_arn: s.rotationLambdaArn ?? null,
    rotation_rules: json(s.rotationRules),
    last_rotated_at: s.lastRotatedAt ?? null,
    next_rotation_at: s.nextRotationAt ?? null,
    // 'null' = never tagged (AWS omits Tags), '[]' = every tag removed (AWS shows []).
    tags: JSON.stringify(s.tags ?? null),
    resource_policy: s.resourcePolicy ?? null,
    owning_service: s.owningService ?? null,
    type: s.type ?? null,
    external_rotation_metadata: json(s.externalRotationMetadata),
    external_rotation_role_arn: s.externalRotationRoleArn ?? null,
    primary_region: s.primaryRegion ?? null,
    replicas: JSON.stringify(s.replicas),
  };
}

/** Sets `o[k]` only for a present value, so records never carry explicit undefineds. */
function put<T, K extends keyof T>(o: T, k: K, v: T[K] | null): void {
  if (v !== null && v !== undefined) o[k] = v;
}

const parse = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

export function rowToSecret(r: SecretRow): SecretRecord {
  const s: SecretRecord = {
    id: r.id,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    arn: r.arn,
    createdAt: r.created_at,
    rotationEnabled: r.rotation_enabled === 1,
    tags: JSON.parse(r.tags) ?? undefined,
    replicas: JSON.parse(r.replicas),
  };
  put(s, 'description', r.description);
  put(s, 'kmsKeyId', r.kms_key_id);
  put(s, 'lastChangedAt', r.last_changed_at);
  put(s, 'lastAccessedAt', r.last_accessed_at);
  put(s, 'deletedAt', r.deleted_at);
  put(s, 'deletionDate', r.deletion_date);
  put(s, 'rotationLambdaArn', r.rotation_lambda_arn);
  put(s, 'rotationRules', parse(r.rotation_rules));
  put(s, 'lastRotatedAt', r.last_rotated_at);
  put(s, 'nextRotationAt', r.next_rotation_at);
  put(s, 'resourcePolicy', r.resource_policy);
  put(s, 'owningService', r.owning_service);
  put(s, 'type', r.type);
  put(s, 'externalRotationMetadata', parse(r.external_rotation_metadata));
  put(s, 'externalRotationRoleArn', r.external_rotation_role_arn);
  put(s, 'primaryRegion', r.primary_region);
  return s;
}

/**
 * better-sqlite3 returns BLOBs as Buffers; callers get a plain Uint8Array copy so every backend
 * returns the same type and no view onto a shared Buffer pool escapes.
 */
export const bytesOut = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export const versionToRow = (v: VersionRecord): VersionRow => ({
  secret_id: v.secretId,
  version_id: v.versionId,
  created_at: v.createdAt,
  last_accessed_at: v.lastAccessedAt ?? null,
  sealed: v.sealed ?? null,
  kind: v.kind ?? null,
  kms_key_ids: JSON.stringify(v.kmsKeyIds),
});

export function rowToVersion(r: VersionRow, stages: string[]): VersionRecord {
  const v: VersionRecord = {
    secretId: r.secret_id,
    versionId: r.version_id,
    createdAt: r.created_at,
    stages,
    kmsKeyIds: JSON.parse(r.kms_key_ids),
  };
  put(v, 'lastAccessedAt', r.last_accessed_at);
  if (r.sealed !== null) v.sealed = bytesOut(r.sealed);
  put(v, 'kind', r.kind as ValueKind | null);
  return v;
}
