import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';

/**
 * The end-to-end files: every test file that starts a real server (startServer) or runs the CLI
 * (MAIN) from test/helpers/server.ts. Found by reading the files, so a new one runs on both
 * backends without being listed here.
 */
function endToEndFiles(): string[] {
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f}`)
    .filter((f) => /\bstartServer\(|\bMAIN\b/.test(readFileSync(f, 'utf8')));
}

/** End-to-end files that are about one backend, or that need not run twice. */
const SQLITE_ONLY = [
  // They choose their own PostgreSQL (or MariaDB) databases already.
  'test/storage/**',
  // They read and tamper with the SQLite file itself.
  'test/kms/stored-values.test.ts',
  // They drive the same console API in Chromium and write the docs' screenshots: once is enough.
  'test/console/browser-*.test.ts',
];

/**
 * End-to-end files the `postgres` project cannot run yet, each for a gap outside the tests
 * (none now: `strongroom functions` reaches PostgreSQL too; add an entry only with its reason).
 */
const POSTGRES_GAPS: string[] = [];

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

function postgresReachable(): Promise<boolean> {
  const u = new URL(PG_URL);
  return new Promise((ok) => {
    const socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) });
    const done = (up: boolean) => {
      socket.destroy();
      ok(up);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// One id per run names its databases (strongroom_e2e_<run>_…) so the teardown drops only its own.
process.env.STRONGROOM_TEST_RUN ??= randomBytes(4).toString('hex');

const sqlite: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/multinode/**'] },
};

const postgres: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'postgres',
    include: [...endToEndFiles(), 'test/multinode/**/*.test.ts'],
    exclude: [...SQLITE_ONLY, ...POSTGRES_GAPS],
    env: { STRONGROOM_TEST_BACKEND: 'postgres', STRONGROOM_TEST_RUN: process.env.STRONGROOM_TEST_RUN },
    globalSetup: ['test/helpers/pg-global-setup.ts'],
  },
};

/**
 * Two projects in one run, so one JSON report counts both:
 * - `sqlite`: every test, servers on the embedded SQLite store (as before);
 * - `postgres`: the end-to-end tests again, every server on a throwaway PostgreSQL database
 *   (test/helpers/test-backend.ts), plus the multi-node tests (test/multinode).
 * Without a reachable PostgreSQL (PG_URL) the second project is left out locally; on CI (CI set)
 * it always runs, and fails if PostgreSQL is missing.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => ({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on servers they spawned, not on the CPU: even a two-core machine runs two
    // at once (vitest's default would be one there; more cores get cores - 1, the default).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The JSON report feeds .ci/run's closing "N passed, N failed" line (both projects).
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    projects: Boolean(process.env.CI) || (await postgresReachable()) ? [sqlite, postgres] : [sqlite],
  },
}));
