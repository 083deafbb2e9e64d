import type { ReplicaRegionInput } from '../../app/replication/regions.js';
import type { Tag } from '../../domain/secret.js';
import { Sensitive } from '../../lib/sensitive.js';
import { replicationStatus } from '../shapes.js';
import { bool, defineOperation, list, str } from './define.js';

export default defineOperation('CreateSecret', async (app, ctx, i) => {
  const r = await app.secrets.createSecret(ctx, {
    name: str(i.Name)!,
    token: str(i.ClientRequestToken),
    description: str(i.Description),
    kmsKeyId: str(i.KmsKeyId),
    value: secretValueOf(i),
    tags: list<Tag>(i.Tags),
    type: str(i.Type),
    addReplicaRegions: list<ReplicaRegionInput>(i.AddReplicaRegions),
    forceOverwriteReplicaSecret: bool(i.ForceOverwriteReplicaSecret),
  });
  const ReplicationStatus = r.replicationStatus && replicationStatus(r.replicationStatus);
  return { ARN: r.arn, Name: r.name, VersionId: r.versionId, ReplicationStatus };
});

/** SecretString / SecretBinary from a decoded input, wrapped so they cannot be logged. */
export function secretValueOf(i: Record<string, unknown>) {
  return {
    string: typeof i.SecretString === 'string' ? new Sensitive(i.SecretString) : undefined,
    binary: Buffer.isBuffer(i.SecretBinary) ? new Sensitive<Uint8Array>(i.SecretBinary) : undefined,
  };
}
