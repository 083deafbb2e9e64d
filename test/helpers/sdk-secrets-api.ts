import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { RotationSecretsApi } from '../../src/app/rotation/rotator.js';
import { type AwsErrorCode, ServiceError } from '../../src/domain/errors.js';

/**
 * RotationSecretsApi over the real AWS SDK, i.e. what a Lambda rotation function does: every call
 * is a signed request to a running Strongroom. SDK errors become ServiceErrors with the same code,
 * message and status, as the contract promises (ResourceNotFoundException for a missing value).
 */
export function sdkSecretsApi(sm: SecretsManagerClient): RotationSecretsApi {
  const call = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      if (!err.$metadata) throw e;
      throw new ServiceError(err.name as AwsErrorCode, err.message ?? '', err.$metadata.httpStatusCode ?? 400);
    }
  };
  return {
    async describeSecret(secretId) {
      const d = await call(sm.send(new DescribeSecretCommand({ SecretId: secretId })));
      return {
        arn: d.ARN ?? '',
        rotationEnabled: d.RotationEnabled ?? false,
        versionIdsToStages: d.VersionIdsToStages ?? {},
      };
    },
    async getSecretValue(secretId, q) {
      const r = await call(
        sm.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionId: q.versionId, VersionStage: q.versionStage }),
        ),
      );
      return { versionId: r.VersionId ?? '', secretString: r.SecretString };
    },
    async putSecretValue(secretId, c) {
      await call(
        sm.send(
          new PutSecretValueCommand({
            SecretId: secretId,
            ClientRequestToken: c.token,
            SecretString: c.secretString,
            VersionStages: c.stages,
            RotationToken: c.rotationToken,
          }),
        ),
      );
    },
    async updateSecretVersionStage(secretId, c) {
      await call(
        sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: secretId,
            VersionStage: c.stage,
            MoveToVersionId: c.moveTo,
            RemoveFromVersionId: c.removeFrom,
          }),
        ),
      );
    },
    async getRandomPassword(opts) {
      const r = await call(sm.send(new GetRandomPasswordCommand(opts)));
      return r.RandomPassword ?? '';
    },
  };
}
