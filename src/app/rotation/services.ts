import type { SecretRecord } from '../../domain/secret.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import { type Logger, silentLogger } from '../../lib/json-log.js';
import type { RequestContext } from '../context.js';
import { type EventSink, noopEventSink } from '../events.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { cancelRotateSecret } from './cancel-rotate-secret.js';
import type { RotationDeps } from './deps.js';
import type { FunctionRegistry } from './functions/registry.js';
import { createFunctionRegistry } from './functions/store-registry.js';
import { type RotateSecretCommand, rotateSecret } from './rotate-secret.js';
import { createRotationSecretsApi, rotationContext } from './secrets-api.js';
import { DEFAULT_ROTATION_SETTINGS, type RotationSettings } from './settings.js';
import { afterValueWritten } from './write-hooks.js';

/** What the composition root may plug in; every part has a default (built-ins only, no events). */
export type RotationWiring = {
  functions?: FunctionRegistry;
  events?: EventSink;
  settings?: Partial<RotationSettings>;
  clock?: Clock;
  log?: Logger;
  /** Nudges the worker (compose binds it once the worker exists). */
  wake?: () => void;
};

/** Without a configured registry only the built-in rotators can be invoked. */
const builtinsOnly = (): FunctionRegistry =>
  createFunctionRegistry({
    store: { findRotationFunction: async () => undefined },
    signingKey: () => {
      throw new Error('no signing keys without a root key');
    },
    executionRole: () => Promise.reject(new Error('no execution roles without an identity store')),
    events: noopEventSink,
    now: () => systemClock.now(),
    endpointUrl: () => '',
    shutdown: new AbortController().signal,
  });

export function createRotationServices(secrets: SecretsDeps, w: RotationWiring = {}) {
  const clock = w.clock ?? systemClock;
  const d: RotationDeps = {
    secrets,
    functions: w.functions ?? builtinsOnly(),
    events: w.events ?? noopEventSink,
    settings: { ...DEFAULT_ROTATION_SETTINGS, ...w.settings },
    clock,
    log: w.log ?? silentLogger,
    wake: () => w.wake?.(),
    secretsApi: (secret: SecretRecord) => createRotationSecretsApi(secrets, () => rotationContext(secret, clock.now())),
  };
  return {
    /** For the worker, built next to the services by the composition root. */
    deps: d,
    rotateSecret: (ctx: RequestContext, c: RotateSecretCommand) => rotateSecret(d, ctx, c),
    cancelRotateSecret: (ctx: RequestContext, secretId: string) => cancelRotateSecret(d, ctx, secretId),
    afterValueWritten: (secretArn: string, now: number) => afterValueWritten(d, secretArn, now),
  };
}

export type RotationServices = ReturnType<typeof createRotationServices>;
