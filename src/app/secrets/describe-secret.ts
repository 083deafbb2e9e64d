import { stagesByVersion } from '../../domain/labels.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { authorizedSecret } from './lookup.js';
import { labelMapOf } from './write-version.js';

export type SecretDescription = { secret: SecretRecord; versionStages: Map<string, string[]> };

/** Metadata only, never a value; works on a secret scheduled for deletion. */
export async function describeSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
): Promise<SecretDescription> {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:DescribeSecret');
  const versions = await d.store.listVersions(secret.id);
  return { secret, versionStages: stagesByVersion(labelMapOf(versions)) };
}
