// Child processes for the client benches (run-start.mjs, agent-hit.mjs): a real `strongroom
// server` on a throwaway data directory, loopback only, with known administrator credentials.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const MAIN = join(ROOT, 'dist/main.js');
export const CREDS = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'b'.repeat(40) };

/** The environment a client command needs to reach `endpoint` with CREDS, and nothing from the user's. */
export const clientEnv = (endpoint) => ({
  PATH: process.env.PATH,
  AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

/** Spawns node with `args` and resolves once stdout says "listening on <url>". */
export function startListening(args, o = {}) {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], ...o });
  return new Promise((ok, fail) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (https?:\/\/[^\s:]+:\d+)/.exec(out);
      if (m) ok({ proc, url: m[1] });
    });
    proc.once('exit', (code) => fail(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
  });
}

export const stop = (proc) =>
  new Promise((ok) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return ok();
    proc.once('exit', ok);
    proc.kill('SIGTERM');
  });

/** `strongroom server` on a temporary data directory; `close()` stops it and removes the directory. */
export async function startStrongroom() {
  const dataDir = mkdtempSync(join(tmpdir(), 'strongroom-bench-client-'));
  const { proc, url } = await startListening(
    [MAIN, 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'error'],
    {
      env: {
        ...process.env,
        STRONGROOM_ADMIN_ACCESS_KEY_ID: CREDS.accessKeyId,
        STRONGROOM_ADMIN_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
        STRONGROOM_LOG_LEVEL: 'error',
      },
    },
  );
  const { createSecretsClient } = await import(join(ROOT, 'dist/client/secrets-client.js'));
  const client = createSecretsClient({ credentials: CREDS, region: 'us-east-1', endpoint: url }, 'strongroom-bench');
  return {
    endpoint: url,
    client,
    close: async () => {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Nearest-rank quantile of an ascending array. */
export const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
