import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/json-log.js';
import type { RotationStore } from '../../storage/rotation-ports.js';
import type { EventSink } from '../events.js';
import { openSigningKey } from './functions/signing-key.js';
import { createFunctionRegistry, type RegistryDeps } from './functions/store-registry.js';
import type { RotationWiring } from './services.js';
import type { RotationSettings } from './settings.js';
import type { RotationWorker } from './worker.js';

export type RotationRuntimeOptions = {
  store: Pick<RotationStore, 'findRotationFunction'>;
  rootKey: Uint8Array;
  /** Sessions of handler functions' execution roles (the IAM use case Lambda's assume goes through). */
  executionRole: RegistryDeps['executionRole'];
  /** Where handler functions reach this server; asked at each invocation (the port is known late). */
  endpointUrl(): string;
  /** Service events, and the AssumeRole records of execution roles (without them no handler runs). */
  events: EventSink;
  settings: Partial<RotationSettings>;
  clock: Clock;
  log: Logger;
};

/**
 * The rotation parts the composition root plugs into createAppServices: the function registry
 * over the store, and a wake-up bound to the worker once it exists. Aborting `shutdown`
 * interrupts running steps (webhook requests, handler processes) when the server stops.
 */
export function rotationRuntime(o: RotationRuntimeOptions) {
  const shutdown = new AbortController();
  let worker: RotationWorker | undefined;
  const functions = createFunctionRegistry({
    store: o.store,
    signingKey: (f) => openSigningKey(o.rootKey, f.arn, f.sealedSigningKey ?? new Uint8Array()),
    executionRole: o.executionRole,
    events: o.events,
    now: () => o.clock.now(),
    endpointUrl: o.endpointUrl,
    shutdown: shutdown.signal,
  });
  const wiring: RotationWiring = {
    functions,
    events: o.events,
    settings: o.settings,
    clock: o.clock,
    log: o.log,
    wake: () => worker?.wake(),
  };
  return {
    wiring,
    shutdown,
    attach(w: RotationWorker) {
      worker = w;
    },
  };
}

/** The URL a local process uses to reach a server listening on `address`. */
export function localEndpoint(address: { address: string; port: number } | string | null, tls: boolean): string {
  if (!address || typeof address === 'string') return '';
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.address.includes(':') ? `[${address.address}]` : address.address;
  return `${tls ? 'https' : 'http'}://${host}:${address.port}`;
}
