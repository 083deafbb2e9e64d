import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Store } from '../storage/ports.js';

type Options = { dataDir?: string; database?: string; url?: string };

/** The address a browser on this machine reaches the server at, from the server's own settings. */
function defaultUrl(env: NodeJS.ProcessEnv): string {
  const host = env.STRONGROOM_HOST && env.STRONGROOM_HOST !== '0.0.0.0' ? env.STRONGROOM_HOST : '127.0.0.1';
  const scheme = env.STRONGROOM_TLS_CERT ? 'https' : 'http';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${env.STRONGROOM_PORT ?? 4566}`;
}

/**
 * The server's database, opened directly like the other admin commands; never created here. The
 * store modules load now, not with the CLI (see cli/index.ts).
 */
async function openStore(o: Options, env: NodeJS.ProcessEnv): Promise<Store> {
  const url = o.database ?? (env.STRONGROOM_DATABASE_URL || undefined);
  if (url) return (await import('../storage/postgres/open-postgres.js')).openPostgresStore({ url, poolMax: 1 });
  const file = join(resolve(o.dataDir ?? env.STRONGROOM_DATA_DIR ?? './data'), 'strongroom.db');
  if (!existsSync(file)) throw new Error(`no database at ${file}: start the server first, or give --data-dir`);
  return (await import('../storage/sqlite/open-sqlite.js')).openSqliteStore({ path: file });
}

/**
 * `strongroom console-login`: a one-time link that signs the administrator in to the web console.
 * It writes only the token's hash (src/console/login-tokens.ts); the running server redeems it.
 */
export async function consoleLogin(o: Options, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { issueLoginToken, LOGIN_TOKEN_TTL_MS, loginLink } = await import('../console/login-tokens.js');
  const store = await openStore(o, env);
  try {
    if (!(await store.getMeta('admin_access_key_id'))) {
      throw new Error('this database has no administrator yet: start `strongroom server` once first');
    }
    const token = await issueLoginToken(store, Date.now());
    const minutes = LOGIN_TOKEN_TTL_MS / 60_000;
    process.stdout.write(
      `${loginLink(o.url ?? defaultUrl(env), token)}\n` +
        `Open it in your browser within ${minutes} minutes; it works once and signs you in as the administrator.\n`,
    );
  } finally {
    await store.close();
  }
}

export function addConsoleLoginCommand(program: Command): void {
  program
    .command('console-login')
    .description('Print a one-time link that signs the administrator in to the web console (valid 5 minutes).')
    .option('--data-dir <dir>', 'the server data directory (default ./data)')
    .option('--database <url>', 'the server PostgreSQL database instead of the data directory')
    .option('--url <url>', 'the server address as the browser reaches it (default http://127.0.0.1:4566)')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom console-login\n  strongroom console-login --data-dir /var/lib/strongroom --url https://secrets.internal:8443\n',
    )
    .action((o: Options) => consoleLogin(o));
}
