/**
 * The contract between the rotation engine and rotation functions (webhooks, Lambda-style
 * handler files, built-in database rotators). The engine sends the Lambda event shape AWS sends
 * to a rotation function; a step succeeds when `invoke` resolves and fails when it throws.
 */
export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export type RotationEvent = {
  /** The secret's full ARN. */
  SecretId: string;
  /** The version id of AWSPENDING for this rotation. */
  ClientRequestToken: string;
  Step: RotationStep;
  /** Proves PutSecretValue calls come from this rotation (AWS: "was not created by Lambda"). */
  RotationToken: string;
};

export type Rotator = {
  invoke(event: RotationEvent): Promise<void>;
};

/**
 * What a built-in rotator may call: the same API a Lambda rotation function would call, bound to
 * the rotation's service principal. Built-ins never touch storage directly.
 */
export type RotationSecretsApi = {
  describeSecret(secretId: string): Promise<{
    arn: string;
    rotationEnabled: boolean;
    versionIdsToStages: Record<string, string[]>;
  }>;
  /** Throws a ServiceError with code ResourceNotFoundException when no such value exists. */
  getSecretValue(
    secretId: string,
    q: { versionId?: string; versionStage?: string },
  ): Promise<{ versionId: string; secretString?: string }>;
  putSecretValue(
    secretId: string,
    c: { token: string; secretString: string; stages: string[]; rotationToken?: string },
  ): Promise<void>;
  updateSecretVersionStage(secretId: string, c: { stage: string; moveTo?: string; removeFrom?: string }): Promise<void>;
  getRandomPassword(opts: {
    PasswordLength?: number;
    ExcludeCharacters?: string;
    ExcludePunctuation?: boolean;
  }): Promise<string>;
};
