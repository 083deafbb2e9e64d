import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster with password (scram-sha-256) authentication on 127.0.0.1.
 * The machine's own PostgreSQL trusts every local connection, so a password test against it
 * would prove nothing: this cluster rejects a wrong password.
 */
export type PgCluster = {
  host: '127.0.0.1';
  port: number;
  /** The bootstrap superuser and its password. */
  superuser: { username: string; password: string };
  /** Connects (to database `postgres` unless named) and returns an open client. */
  connect(o?: { user?: string; password?: string; database?: string }): Promise<pg.Client>;
  /** Runs one statement as the superuser (database `postgres` unless named). */
  query(sql: string, params?: unknown[], database?: string): Promise<pg.QueryResult>;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
};

const PG_USER = 'postgres';

/** initdb/pg_ctl from PATH, else the newest /usr/lib/postgresql/<version>/bin. */
function pgBin(name: 'initdb' | 'pg_ctl'): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`PostgreSQL's ${name} was not found on PATH or under ${root}/*/bin`);
  return join(root, versions[0], 'bin', name);
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` OS user. */
function runPgTool(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', PG_USER, '--', bin, ...args]] : [bin, args];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin} ${args[0]} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

function chownToPostgres(path: string): void {
  if (!isRoot()) return;
  const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

/** Starts a fresh cluster; throws (never skips) when it cannot. */
export async function startPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-pg-'));
  chownToPostgres(dir);
  const dataDir = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownToPostgres(pwfile);
  const superuser = { username: PG_USER, password };
  try {
    runPgTool(pgBin('initdb'), [
      '-D',
      dataDir,
      '-U',
      PG_USER,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--no-sync',
    ]);
    rmSync(pwfile);
    // The free port may be taken by a parallel suite before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off`;
      try {
        runPgTool(pgBin('pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '30', '-l', join(dir, 'log'), '-o', opts]);
        return clusterHandle(dir, dataDir, port, superuser);
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  } catch (e) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL test cluster: ${(e as Error).message}\n${log}`);
  }
}

function clusterHandle(
  dir: string,
  dataDir: string,
  port: number,
  superuser: { username: string; password: string },
): PgCluster {
  const connect: PgCluster['connect'] = async (o = {}) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: o.user ?? superuser.username,
      password: o.password ?? superuser.password,
      database: o.database ?? 'postgres',
      connectionTimeoutMillis: 5000,
    });
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    return client;
  };
  return {
    host: '127.0.0.1',
    port,
    superuser,
    connect,
    async query(sql, params, database) {
      const c = await connect(database ? { database } : {});
      try {
        return await c.query(sql, params);
      } finally {
        await c.end();
      }
    },
    async stop() {
      try {
        runPgTool(pgBin('pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
