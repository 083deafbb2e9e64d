import type { Principal } from '../app/context.js';
import type { ApiCall } from '../audit/api-call.js';
import type { SigV4Identity } from '../auth/verify-sigv4.js';
import type { Clock } from '../lib/clock.js';
import type { Ids } from '../lib/ids.js';
import type { Logger } from '../lib/json-log.js';
import type { MetaStore } from '../storage/ports.js';
import type { ConsoleService, ServiceInvoker } from './api/services.js';
import type { SessionStore } from './sessions.js';
import type { ConsoleSettings } from './settings.js';

/** What the console needs from the composition root: the same parts the AWS endpoint is built from. */
export type ConsoleDeps = {
  /** The AWS services the console reaches, by the dispatchers the endpoint uses. */
  services: Partial<Record<ConsoleService, ServiceInvoker>>;
  /** The secret of an access key (undefined when unknown or inactive), as the SigV4 verifier reads it. */
  lookup: (accessKeyId: string) => Promise<string | undefined>;
  /** The principal of a key, as the AWS endpoint resolves it after a signature is verified. */
  principalFor: (identity: SigV4Identity) => Promise<Principal>;
  /** Records a call (the AWS endpoint's audit hook); throwing fails the call closed. */
  audit?: (call: ApiCall) => Promise<void>;
  /** Where one-time sign-in tokens are kept (login-tokens.ts). */
  meta: MetaStore;
  sessions: SessionStore;
  settings: ConsoleSettings;
  clock: Clock;
  ids: Ids;
  log: Logger;
  /** TLS: cookies get `Secure`, and the context says secure transport. */
  secure: boolean;
  /** Dev mode: any access key signs in (as any key signs an API request), unless it is one of ours. */
  dev: boolean;
  bodyLimit: number;
  /** The built page (dist/console/static); tests may point elsewhere. */
  staticDir: string;
};
