import type { Tag } from '../../domain/secret.js';
import { defineOperations } from '../define.js';

/** STS GetCallerIdentity and AssumeRole. */
export const stsOperations = defineOperations({
  GetCallerIdentity: async (app, ctx) => {
    const id = await app.sts.getCallerIdentity(ctx);
    return { UserId: id.userId, Account: id.account, Arn: id.arn };
  },
  AssumeRole: async (app, ctx, input) => {
    const i = input as {
      RoleArn: string;
      RoleSessionName: string;
      DurationSeconds?: number;
      Tags?: Tag[];
      TransitiveTagKeys?: string[];
      ExternalId?: string;
      SourceIdentity?: string;
      Policy?: string;
      PolicyArns?: unknown[];
      SerialNumber?: string;
      TokenCode?: string;
    };
    const r = await app.sts.assumeRole(ctx, {
      roleArn: i.RoleArn,
      roleSessionName: i.RoleSessionName,
      durationSeconds: i.DurationSeconds,
      tags: i.Tags,
      transitiveTagKeys: i.TransitiveTagKeys,
      externalId: i.ExternalId,
      sourceIdentity: i.SourceIdentity,
      policy: i.Policy,
      policyArns: i.PolicyArns,
      serialNumber: i.SerialNumber,
      tokenCode: i.TokenCode,
    });
    return {
      Credentials: {
        AccessKeyId: r.accessKeyId,
        SecretAccessKey: r.secretAccessKey,
        SessionToken: r.sessionToken,
        Expiration: r.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: r.assumedRoleId, Arn: r.arn },
      PackedPolicySize: r.packedPolicySize,
      SourceIdentity: r.sourceIdentity,
    };
  },
});
