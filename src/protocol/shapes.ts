import type { ReplicaStatus, SecretRecord } from '../domain/secret.js';
import { seconds } from './operations/define.js';

/**
 * The metadata shape shared by DescribeSecret and ListSecrets entries. Fields AWS omits stay
 * undefined (JSON.stringify drops them): KmsKeyId for the default key, rotation fields until
 * rotation was configured, Tags until the secret was first tagged, Description when empty.
 */
export function secretMetadata(s: SecretRecord): Record<string, unknown> {
  const rotationConfigured = s.rotationEnabled || s.rotationLambdaArn !== undefined;
  return {
    ARN: s.arn,
    Name: s.name,
    Type: s.type,
    Description: s.description,
    KmsKeyId: s.kmsKeyId,
    RotationEnabled: rotationConfigured ? s.rotationEnabled : undefined,
    RotationLambdaARN: s.rotationLambdaArn,
    RotationRules: s.rotationRules,
    ExternalSecretRotationMetadata: s.externalRotationMetadata,
    ExternalSecretRotationRoleArn: s.externalRotationRoleArn,
    LastRotatedDate: seconds(s.lastRotatedAt),
    LastChangedDate: seconds(s.lastChangedAt),
    LastAccessedDate: seconds(s.lastAccessedAt),
    DeletedDate: seconds(s.deletedAt),
    NextRotationDate: s.rotationEnabled ? seconds(s.nextRotationAt) : undefined,
    Tags: s.tags,
    OwningService: s.owningService,
    CreatedDate: seconds(s.createdAt),
    PrimaryRegion: s.primaryRegion,
    ReplicationStatus: s.replicas.length ? replicationStatus(s.replicas) : undefined,
  };
}

/** ReplicationStatusType entries: InProgress carries no StatusMessage, as in AWS's examples. */
export const replicationStatus = (replicas: readonly ReplicaStatus[]): Record<string, unknown>[] =>
  replicas.map((r) => ({ ...r, LastAccessedDate: seconds(r.LastAccessedDate) }));

export const stagesObject = (m: Map<string, string[]>): Record<string, string[]> | undefined =>
  m.size ? Object.fromEntries(m) : undefined;
