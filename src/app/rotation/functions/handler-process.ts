import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RotationEvent, Rotator } from '../rotator.js';
import { StepInterrupted } from './interrupted.js';
import { PYTHON_RUNNER } from './python-runner.js';

/** What a handler process is given to call this server as AWS SDKs expect. */
export type FunctionEnvironment = {
  endpointUrl: string;
  region: string;
  /** Short-lived session credentials of the function's execution role (ASIA…). */
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
};

export type HandlerOptions = {
  runtime: 'node' | 'python';
  arn: string;
  name: string;
  file: string;
  handler: string;
  timeoutMs: number;
  environment: () => Promise<FunctionEnvironment>;
  shutdown: AbortSignal;
  /** Interpreter overrides (tests, unusual installs). */
  python?: string;
};

const NODE_RUNNER = fileURLToPath(new URL('./node-runner.js', import.meta.url));

/**
 * Only what a runtime needs from our environment passes through: never our own AWS settings,
 * credentials or root key. The function gets a session of its execution role and our endpoint,
 * so unmodified code written for AWS (the JS SDK v3, boto3, the rotation templates'
 * SECRETS_MANAGER_ENDPOINT) talks to this server, as that role.
 */
function childEnv(o: HandlerOptions, e: FunctionEnvironment): NodeJS.ProcessEnv {
  const pass = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'PYTHONPATH', 'NODE_PATH', 'SYSTEMROOT', 'TMPDIR'];
  const env: NodeJS.ProcessEnv = {};
  for (const k of pass) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    AWS_ENDPOINT_URL: e.endpointUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: e.endpointUrl,
    SECRETS_MANAGER_ENDPOINT: e.endpointUrl,
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    AWS_ACCESS_KEY_ID: e.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.secretAccessKey,
    AWS_SESSION_TOKEN: e.sessionToken,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: o.name,
    STRONGROOM_FUNCTION_ARN: o.arn,
    STRONGROOM_FUNCTION_TIMEOUT_MS: String(o.timeoutMs),
    STRONGROOM_INVOCATION_ID: randomUUID(),
  };
}

type Outcome = { ok: boolean; errorType?: string; errorMessage?: string };

/**
 * A Lambda-style handler file (Node or Python) run in a fresh child process per step, with a
 * hard timeout (Lambda's "Task timed out after N seconds"). Its stdout and stderr are its own
 * logs and are discarded: they may hold whatever the function printed, values included.
 */
export function createHandlerRotator(o: HandlerOptions): Rotator {
  return {
    async invoke(event: RotationEvent) {
      const env = childEnv(o, await o.environment());
      const [cmd, args] =
        o.runtime === 'node'
          ? [process.execPath, [NODE_RUNNER, o.file, o.handler]]
          : [o.python ?? 'python3', ['-c', PYTHON_RUNNER, o.file, o.handler]];
      const outcome = await runOnce(cmd, args, env, JSON.stringify(event), o);
      if (!outcome.ok)
        throw Object.assign(new Error(outcome.errorMessage ?? 'handler failed'), {
          name: outcome.errorType ?? 'Error',
        });
    },
  };
}

function runOnce(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input: string,
  o: HandlerOptions,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
    let report = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    const onShutdown = () => child.kill('SIGKILL');
    o.shutdown.addEventListener('abort', onShutdown, { once: true });
    child.stdio[3]?.on('data', (c: Buffer) => {
      report += c.toString('utf8');
    });
    child.stdin?.on('error', () => {}); // a handler that exits early closes its stdin
    child.stdin?.end(input);
    child.once('error', (e) => {
      clearTimeout(timer);
      o.shutdown.removeEventListener('abort', onShutdown);
      reject(new Error(`cannot start the ${o.runtime} runtime: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      o.shutdown.removeEventListener('abort', onShutdown);
      if (o.shutdown.aborted) return reject(new StepInterrupted());
      if (timedOut)
        return resolve({
          ok: false,
          errorType: 'TimeoutError',
          errorMessage: `Task timed out after ${o.timeoutMs / 1000} seconds`,
        });
      try {
        resolve(JSON.parse(report) as Outcome);
      } catch {
        resolve({
          ok: false,
          errorType: 'Runtime.ExitError',
          errorMessage: `handler process exited (${signal ?? `code ${code}`}) without a result`,
        });
      }
    });
  });
}
