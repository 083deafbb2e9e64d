/** Entities of the secrets domain. Times are epoch milliseconds; the protocol layer converts. */
export type Tag = { Key: string; Value: string };

export type RotationRules = {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
};

export type ReplicaStatusValue = 'InSync' | 'Failed' | 'InProgress';

export type ReplicaStatus = {
  Region: string;
  KmsKeyId?: string;
  Status: ReplicaStatusValue;
  StatusMessage?: string;
  LastAccessedDate?: number;
};

export type ExternalRotationMetadataItem = { Key: string; Value: string };

export type SecretRecord = {
  /** Internal id (uuid), stable for the life of this secret; never shown to users. */
  id: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  description?: string;
  /** Customer key id/ARN as given; undefined means the default aws/secretsmanager key. */
  kmsKeyId?: string;
  createdAt: number;
  lastChangedAt?: number;
  /** Midnight UTC of the last day a value was read. */
  lastAccessedAt?: number;
  /** When DeleteSecret scheduled deletion (DeletedDate) and when the purge is due (DeletionDate). */
  deletedAt?: number;
  deletionDate?: number;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  rotationRules?: RotationRules;
  lastRotatedAt?: number;
  nextRotationAt?: number;
  /** Absent until the secret is first tagged; [] once every tag was removed (AWS shows both). */
  tags?: Tag[];
  resourcePolicy?: string;
  owningService?: string;
  type?: string;
  externalRotationMetadata?: ExternalRotationMetadataItem[];
  externalRotationRoleArn?: string;
  /** Set on primaries that have replicas and on replicas (the primary's region). */
  primaryRegion?: string;
  replicas: ReplicaStatus[];
};

export type ValueKind = 'string' | 'binary';

export type VersionRecord = {
  secretId: string;
  versionId: string;
  createdAt: number;
  lastAccessedAt?: number;
  stages: string[];
  /** Key ids that can open this version (the KMS key ARNs AWS reports as KmsKeyIds). */
  kmsKeyIds: string[];
  /** The sealed envelope; absent for the empty placeholder a rotation creates. */
  sealed?: Uint8Array;
  kind?: ValueKind;
};

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';
