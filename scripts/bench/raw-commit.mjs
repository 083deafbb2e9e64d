// The embedded database's raw durable-commit rate: one small INSERT per transaction with the
// same pragmas as the store (WAL, synchronous=FULL), for the same duration as a bench phase.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const Database = createRequire(import.meta.url)('better-sqlite3');
const dir = mkdtempSync(join(tmpdir(), 'raw-commit-'));
const db = new Database(join(dir, 'raw.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
const blob = Buffer.alloc(300, 1);
const durationMs = Number(process.argv[2] ?? 3000);
const end = performance.now() + durationMs;
let n = 0;
while (performance.now() < end) {
  db.exec('BEGIN IMMEDIATE');
  insert.run(blob);
  db.exec('COMMIT');
  n++;
}
db.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ commitsPerSecond: n / (durationMs / 1000) }));
