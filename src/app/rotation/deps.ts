import type { SecretRecord } from '../../domain/secret.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/json-log.js';
import type { EventSink } from '../events.js';
import type { SecretsDeps } from '../secrets/deps.js';
import type { FunctionRegistry } from './functions/registry.js';
import type { RotationSecretsApi } from './rotator.js';
import type { RotationSettings } from './settings.js';

/** What the rotation use cases, the scheduler and the worker share. */
export type RotationDeps = {
  secrets: SecretsDeps;
  functions: FunctionRegistry;
  events: EventSink;
  settings: RotationSettings;
  clock: Clock;
  log: Logger;
  /** The API a built-in rotator calls for `secret`, as the rotation service principal. */
  secretsApi(secret: SecretRecord): RotationSecretsApi;
  /** Asks the worker to look for runs now rather than at its next tick. */
  wake(): void;
};
