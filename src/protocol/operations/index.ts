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
import restoreSecret from './restore-secret.js';
import tagResource from './tag-resource.js';
import untagResource from './untag-resource.js';
import updateSecret from './update-secret.js';
import updateSecretVersionStage from './update-secret-version-stage.js';

/** The registry: X-Amz-Target's operation name → handler. */
export const operations: ReadonlyMap<string, OperationDef> = new Map(
  [
    createSecret,
    getSecretValue,
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
    getRandomPassword,
  ].map((op) => [op.name, op]),
);
