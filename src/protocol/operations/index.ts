import batchGetSecretValue from './batch-get-secret-value.js';
import cancelRotateSecret from './cancel-rotate-secret.js';
import createSecret from './create-secret.js';
import type { OperationDef } from './define.js';
import deleteResourcePolicy from './delete-resource-policy.js';
import deleteSecret from './delete-secret.js';
import describeSecret from './describe-secret.js';
import getRandomPassword from './get-random-password.js';
import getResourcePolicy from './get-resource-policy.js';
import getSecretValue from './get-secret-value.js';
import listSecretVersionIds from './list-secret-version-ids.js';
import listSecrets from './list-secrets.js';
import putResourcePolicy from './put-resource-policy.js';
import putSecretValue from './put-secret-value.js';
import removeRegionsFromReplication from './remove-regions-from-replication.js';
import replicateSecretToRegions from './replicate-secret-to-regions.js';
import restoreSecret from './restore-secret.js';
import rotateSecret from './rotate-secret.js';
import stopReplicationToReplica from './stop-replication-to-replica.js';
import tagResource from './tag-resource.js';
import untagResource from './untag-resource.js';
import updateSecret from './update-secret.js';
import updateSecretVersionStage from './update-secret-version-stage.js';
import validateResourcePolicy from './validate-resource-policy.js';

/** The registry: X-Amz-Target's operation name → handler. */
export const operations: ReadonlyMap<string, OperationDef> = new Map(
  [
    createSecret,
    getSecretValue,
    batchGetSecretValue,
    putSecretValue,
    updateSecret,
    describeSecret,
    listSecrets,
    listSecretVersionIds,
    deleteSecret,
    restoreSecret,
    updateSecretVersionStage,
    tagResource,
    untagResource,
    getResourcePolicy,
    putResourcePolicy,
    deleteResourcePolicy,
    validateResourcePolicy,
    getRandomPassword,
    rotateSecret,
    cancelRotateSecret,
    replicateSecretToRegions,
    removeRegionsFromReplication,
    stopReplicationToReplica,
  ].map((op) => [op.name, op]),
);
