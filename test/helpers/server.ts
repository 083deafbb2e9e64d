import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { backendEnv, TEST_BACKEND } from './test-backend.js';

/**
 * The CLI entry point. With the PostgreSQL test backend (STRONGROOM_TEST_BACKEND=postgres, see
 * test-backend.ts) a wrapper that points `--data-dir` commands at their server's database.
 */
export const MAIN =
  TEST_BACKEND === 'postgres'
    ? resolve(import.meta.dirname, 'pg-main.mjs')
    : resolve(import.meta.dirname, '../../dist/main.js');

export type Credentials = { accessKeyId: string; secretAccessKey: string };

export type RunningServer = {
  endpoint: string;
  port: number;
  dataDir?: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  credentials?: Credentials;
  client(creds?: Credentials, region?: string): SecretsManagerClient;
  /** Sends a signal and waits for exit; resolves to the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
};

export type StartOptions = {
  mode?: 'server' | 'dev';
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
};

export const tempDir = (prefix = 'strongroom-test-'): string => mkdtempSync(join(tmpdir(), prefix));

export function readCredentials(dataDir: string): Credentials {
  const text = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const id = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secret = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (!id || !secret) throw new Error('credentials file malformed');
  return { accessKeyId: id, secretAccessKey: secret };
}

/**
 * Starts `strongroom server|dev --port 0` as a real child process and waits for it to listen.
 * On the PostgreSQL test backend it runs on its data directory's own throwaway database.
 */
export async function startServer(o: StartOptions = {}): Promise<RunningServer> {
  const mode = o.mode ?? 'server';
  const dataDir = o.dataDir ?? (mode === 'server' ? tempDir() : undefined);
  const args = [MAIN, mode, '--port', '0', ...(dataDir ? ['--data-dir', dataDir] : []), ...(o.args ?? [])];
  const backend = await backendEnv({ mode, dataDir, args: o.args ?? [], env: o.env ?? {} });
  const env = { ...process.env, ...backend, ...o.env };
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c) => {
    out += c;
  });
  proc.stderr!.on('data', (c) => {
    err += c;
  });
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out} ${err}`)), 20_000);
    const check = () => {
      const m = /listening on https?:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}: ${err}`));
    });
  });
  const scheme = o.args?.includes('--tls-cert') ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${port}`;
  const credentials = mode === 'server' && dataDir ? readCredentials(dataDir) : undefined;
  return {
    endpoint,
    port,
    dataDir,
    proc,
    stdout: () => out,
    stderr: () => err,
    credentials,
    client: (
      creds = credentials ?? { accessKeyId: 'AKIADEVDEVDEVDEVDEV1', secretAccessKey: 'dev' },
      region = 'us-east-1',
    ) => new SecretsManagerClient({ endpoint, region, credentials: creds, maxAttempts: 1 }),
    stop: (signal = 'SIGTERM') =>
      new Promise((ok) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return ok(proc.exitCode ?? proc.signalCode!);
        proc.once('exit', (code, sig) => ok(code ?? sig ?? -1));
        proc.kill(signal);
      }),
  };
}

export const removeDir = (dir: string | undefined) => {
  if (dir) rmSync(dir, { recursive: true, force: true });
};

/** Captures an SDK error's name, message and HTTP status. */
export async function awsError(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
