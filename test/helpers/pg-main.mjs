// dist/main.js for the tests' PostgreSQL backend (test/helpers/test-backend.ts): a command given
// `--data-dir <dir>` whose server was started by the tests on a throwaway PostgreSQL database is
// pointed at that database (STRONGROOM_DATABASE_URL), as an operator would point it. Anything else
// runs unchanged. Only the tests use this file.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '../../dist/main.js');
const argv = process.argv;

function dataDirArg() {
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--data-dir') return argv[i + 1];
    if (argv[i].startsWith('--data-dir=')) return argv[i].slice('--data-dir='.length);
  }
  return process.env.STRONGROOM_DATA_DIR;
}

const dir = dataDirArg();
const chosen =
  process.env.STRONGROOM_DATABASE_URL || argv.some((a) => a === '--database' || a.startsWith('--database='));
if (dir && !chosen && process.env.STRONGROOM_TEST_RUN) {
  const hash = createHash('sha256').update(resolve(dir)).digest('hex');
  const file = join(tmpdir(), `strongroom-test-backend-${process.env.STRONGROOM_TEST_RUN}`, hash);
  if (existsSync(file)) {
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    process.env.STRONGROOM_DATABASE_URL = entry.url;
    if (entry.rootKey && !process.env.STRONGROOM_ROOT_KEY) process.env.STRONGROOM_ROOT_KEY = entry.rootKey;
  }
}
argv[1] = MAIN;
await import(MAIN);
