import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster.js';

/**
 * A private PostgreSQL cluster (trust auth, 127.0.0.1, its own port and directory) that a test
 * may stop and start again: outage tests must never stop the machine's shared PostgreSQL.
 * Runs initdb/pg_ctl as the `postgres` OS user when the tests run as root.
 */
export type PrivateCluster = {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** pg_ctl stop -m fast: connected clients get 57P01, new connections ECONNREFUSED. */
  stop(): void;
  /** Starts it again on the same port and data. */
  start(): void;
  /** Stops it (immediately) and deletes its directory. */
  destroy(): void;
};

const PG_USER = 'postgres';
const isRoot = () => process.getuid?.() === 0;

function pgBin(name: 'initdb' | 'pg_ctl'): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin', name)).find((p) => existsSync(p));
  if (!found) throw new Error(`PostgreSQL's ${name} was not found on PATH or under ${root}/*/bin`);
  return found;
}

/** Whether initdb and pg_ctl are installed; on CI (CI set) they must be. */
export function pgToolsAvailable(): boolean {
  try {
    pgBin('initdb');
    pgBin('pg_ctl');
    return true;
  } catch (e) {
    if (process.env.CI) throw e;
    return false;
  }
}

function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', PG_USER, '--', bin, ...args]] : [bin, args];
  try {
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`${bin} ${args[0]} failed: ${err.stderr?.toString() || err.message}`);
  }
}

function chownToPostgres(path: string): void {
  if (!isRoot()) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, PG_USER], { encoding: 'utf8' }).trim());
  chownSync(path, id('-u'), id('-g'));
}

/** initdb + pg_ctl start; throws (never skips) when PostgreSQL's tools are missing. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-pgx-'));
  chownToPostgres(dir);
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off`;
  const start = () => run(pgBin('pg_ctl'), ['start', '-D', data, '-w', '-t', '30', '-l', log, '-o', opts]);
  try {
    run(pgBin('initdb'), ['-D', data, '-U', PG_USER, '--auth=trust', '--encoding=UTF8', '--no-sync']);
    start();
  } catch (e) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a private PostgreSQL cluster: ${(e as Error).message}\n${text}`);
  }
  return {
    port,
    url: `postgres://${PG_USER}@127.0.0.1:${port}/postgres`,
    stop: () => run(pgBin('pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']),
    start,
    destroy() {
      try {
        run(pgBin('pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      } catch {
        // already stopped
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
