import { fileURLToPath } from 'node:url';
import type { Principal } from '../app/context.js';
import type { IamServices } from '../app/iam/wire.js';
import type { ApiCall } from '../audit/api-call.js';
import { CLOUDTRAIL_TARGET_PREFIX } from '../audit/cloudtrail/model.js';
import { CLOUDTRAIL_SOURCE } from '../audit/record.js';
import type { SigV4Identity } from '../auth/verify-sigv4.js';
import type { AwsServiceRoute } from '../http/aws-endpoint.js';
import type { Route } from '../http/server.js';
import type { Clock } from '../lib/clock.js';
import type { Ids } from '../lib/ids.js';
import type { Logger } from '../lib/json-log.js';
import type { Dispatch } from '../protocol/dispatch.js';
import type { MetaStore } from '../storage/ports.js';
import { CONSOLE_OPERATIONS, iamInvoker, jsonInvoker, kmsInvoker, secretsManagerInvoker } from './api/services.js';
import { createConsoleRoutes } from './console-routes.js';
import type { ConsoleDeps } from './deps.js';
import { createSessionStore } from './sessions.js';
import { consoleSettings } from './settings.js';

export type ConsoleWiring = {
  /** The Secrets Manager dispatcher of the AWS endpoint (protocol/dispatch.ts). */
  dispatch: Dispatch;
  /** The CloudTrail dispatcher (LookupEvents), when the audit trail is wired. */
  cloudTrail?: Dispatch;
  /** The IAM use cases, when identities are wired. */
  iam?: IamServices;
  /** The KMS route of the AWS endpoint, when KMS is wired (its dispatcher and error envelope). */
  kms?: Pick<AwsServiceRoute, 'dispatch' | 'errorBody'>;
  lookup: (accessKeyId: string) => Promise<string | undefined>;
  principalFor: (identity: SigV4Identity) => Promise<Principal>;
  audit?: (call: ApiCall) => Promise<void>;
  meta: MetaStore;
  clock: Clock;
  ids: Ids;
  log: Logger;
  secure: boolean;
  dev: boolean;
  bodyLimit: number;
  env: NodeJS.ProcessEnv;
};

/** Built by Vite next to this module's compiled code (package.json's build script). */
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/** The console's routes for http/server.ts, or none when STRONGROOM_CONSOLE=off. */
export function wireConsole(w: ConsoleWiring): Record<string, Route> {
  const settings = consoleSettings(w.env);
  if (!settings.enabled) return {};
  const deps: ConsoleDeps = {
    services: {
      secretsmanager: secretsManagerInvoker(w.dispatch),
      ...(w.cloudTrail && {
        cloudtrail: jsonInvoker(
          CLOUDTRAIL_SOURCE,
          CLOUDTRAIL_TARGET_PREFIX,
          w.cloudTrail,
          CONSOLE_OPERATIONS.cloudtrail,
          () => true,
        ),
      }),
      ...(w.iam && { iam: iamInvoker(w.iam) }),
      ...(w.kms && { kms: kmsInvoker(w.kms) }),
    },
    lookup: w.lookup,
    principalFor: w.principalFor,
    audit: w.audit,
    meta: w.meta,
    sessions: createSessionStore(w.clock, settings),
    settings,
    clock: w.clock,
    ids: w.ids,
    log: w.log,
    secure: w.secure,
    dev: w.dev,
    bodyLimit: w.bodyLimit,
    staticDir: STATIC_DIR,
  };
  return createConsoleRoutes(deps);
}
