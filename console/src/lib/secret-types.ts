/** The Secrets Manager shapes the screens read (dates are epoch seconds on the wire). */
export type Tag = { Key: string; Value: string };

export type ReplicaStatus = {
  Region: string;
  KmsKeyId?: string;
  Status?: 'InSync' | 'Failed' | 'InProgress';
  StatusMessage?: string;
  LastAccessedDate?: number;
};

export type RotationRules = { AutomaticallyAfterDays?: number; Duration?: string; ScheduleExpression?: string };

export type SecretMeta = {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: RotationRules;
  LastRotatedDate?: number;
  LastChangedDate?: number;
  LastAccessedDate?: number;
  DeletedDate?: number;
  NextRotationDate?: number;
  Tags?: Tag[];
  OwningService?: string;
  CreatedDate?: number;
  PrimaryRegion?: string;
  ReplicationStatus?: ReplicaStatus[];
  VersionIdsToStages?: Record<string, string[]>;
};
