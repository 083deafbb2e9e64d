import type { RequestContext } from './context.js';
import { removeRegionsFromReplication } from './replication/remove-regions-from-replication.js';
import { replicateSecretToRegions } from './replication/replicate-secret-to-regions.js';
import { stopReplicationToReplica } from './replication/stop-replication-to-replica.js';
import { createRotationServices, type RotationWiring } from './rotation/services.js';
import { withValueWriteHook } from './rotation/write-hooks.js';
import { batchGetSecretValue } from './secrets/batch-get-secret-value.js';
import { createSecret } from './secrets/create-secret.js';
import { deleteSecret } from './secrets/delete-secret.js';
import type { SecretsDeps } from './secrets/deps.js';
import { describeSecret } from './secrets/describe-secret.js';
import { getSecretValue } from './secrets/get-secret-value.js';
import { listSecretVersionIds } from './secrets/list-secret-version-ids.js';
import { listSecrets } from './secrets/list-secrets.js';
import { putSecretValue } from './secrets/put-secret-value.js';
import { deleteResourcePolicy, getResourcePolicy, putResourcePolicy } from './secrets/resource-policy.js';
import { restoreSecret } from './secrets/restore-secret.js';
import { tagResource, untagResource } from './secrets/tag-resource.js';
import { updateSecret } from './secrets/update-secret.js';
import { updateSecretVersionStage } from './secrets/update-secret-version-stage.js';
import { validateResourcePolicy } from './secrets/validate-resource-policy.js';

/** Binds each use case to its dependencies: (ctx, command) → result. */
type Bound<F> = F extends (d: SecretsDeps, ctx: RequestContext, ...rest: infer A) => infer R
  ? (ctx: RequestContext, ...rest: A) => R
  : never;

const bind =
  <A extends unknown[], R>(d: SecretsDeps, f: (d: SecretsDeps, ctx: RequestContext, ...a: A) => R) =>
  (ctx: RequestContext, ...a: A) =>
    f(d, ctx, ...a);

export function createAppServices(d: SecretsDeps, rotationWiring: RotationWiring = {}) {
  const rotation = createRotationServices(d, rotationWiring);
  return {
    authorize: d.authorize,
    secrets: {
      createSecret: bind(d, createSecret) as Bound<typeof createSecret>,
      getSecretValue: bind(d, getSecretValue) as Bound<typeof getSecretValue>,
      batchGetSecretValue: bind(d, batchGetSecretValue) as Bound<typeof batchGetSecretValue>,
      // A write that makes a new AWSCURRENT abandons a rotation in progress and moves the schedule.
      putSecretValue: withValueWriteHook(
        bind(d, putSecretValue) as Bound<typeof putSecretValue>,
        rotation.afterValueWritten,
      ),
      updateSecret: withValueWriteHook(bind(d, updateSecret) as Bound<typeof updateSecret>, rotation.afterValueWritten),
      describeSecret: bind(d, describeSecret) as Bound<typeof describeSecret>,
      listSecrets: bind(d, listSecrets) as Bound<typeof listSecrets>,
      listSecretVersionIds: bind(d, listSecretVersionIds) as Bound<typeof listSecretVersionIds>,
      deleteSecret: bind(d, deleteSecret) as Bound<typeof deleteSecret>,
      restoreSecret: bind(d, restoreSecret) as Bound<typeof restoreSecret>,
      updateSecretVersionStage: bind(d, updateSecretVersionStage) as Bound<typeof updateSecretVersionStage>,
      tagResource: bind(d, tagResource) as Bound<typeof tagResource>,
      untagResource: bind(d, untagResource) as Bound<typeof untagResource>,
      getResourcePolicy: bind(d, getResourcePolicy) as Bound<typeof getResourcePolicy>,
      putResourcePolicy: bind(d, putResourcePolicy) as Bound<typeof putResourcePolicy>,
      deleteResourcePolicy: bind(d, deleteResourcePolicy) as Bound<typeof deleteResourcePolicy>,
      validateResourcePolicy: bind(d, validateResourcePolicy) as Bound<typeof validateResourcePolicy>,
    },
    replication: {
      replicateSecretToRegions: bind(d, replicateSecretToRegions) as Bound<typeof replicateSecretToRegions>,
      removeRegionsFromReplication: bind(d, removeRegionsFromReplication) as Bound<typeof removeRegionsFromReplication>,
      stopReplicationToReplica: bind(d, stopReplicationToReplica) as Bound<typeof stopReplicationToReplica>,
    },
    rotation,
  };
}

export type AppServices = ReturnType<typeof createAppServices>;
