// `npm run bench`: throughput and latency of the AWS API against a bare node:http baseline,
// measured in one run with one load generator (machines are shared and noisy: compare ratios).
// Writes bench-results/latest.json and prints a table. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureAgentHits } from './bench/agent-hit.mjs';
import { createPolicyUser } from './bench/iam-user.mjs';
import { runLoad } from './bench/load.mjs';
import { measureRunStart } from './bench/run-start.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const { signRequest } = await import(join(ROOT, 'dist/sigv4/index.js'));
const { openSqliteStore } = await import(join(ROOT, 'dist/storage/sqlite/open-sqlite.js'));

const DURATION = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const CREDS = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'b'.repeat(40) };

function start(args, env = {}) {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    const t0 = performance.now();
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening on https?:\/\/[^:]+:(\d+)/.exec(out);
      if (m) ok({ proc, port: Number(m[1]), startMs: performance.now() - t0 });
    });
    proc.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
}
const stop = (p) =>
  new Promise((ok) => {
    if (p.exitCode !== null) return ok();
    p.once('exit', ok);
    p.kill('SIGTERM');
  });

function signed(port, op, payload, creds = CREDS) {
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${op}` };
  Object.assign(
    headers,
    signRequest({
      method: 'POST',
      url: `http://127.0.0.1:${port}/`,
      headers,
      body,
      ...creds,
      region: 'us-east-1',
      service: 'secretsmanager',
      now: Date.now(),
    }),
  );
  headers['content-length'] = String(Buffer.byteLength(body));
  return { method: 'POST', headers, body };
}

async function call(port, op, payload) {
  const r = signed(port, op, payload);
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: r.headers, body: r.body });
  if (res.status !== 200) throw new Error(`${op}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function seedViaApi(port, n) {
  const names = Array.from({ length: n }, (_, i) => `bench/secret-${String(i).padStart(6, '0')}`);
  for (let i = 0; i < names.length; i += 64) {
    await Promise.all(
      names
        .slice(i, i + 64)
        .map((Name) =>
          call(port, 'CreateSecret', { Name, SecretString: 'v'.repeat(100), ClientRequestToken: randomUUID() }),
        ),
    );
  }
  return names;
}

/** Adds metadata-only secrets straight into the store (the server is stopped meanwhile). */
async function seedViaStore(dataDir, n, accountId) {
  const store = await openSqliteStore({ path: join(dataDir, 'strongroom.db') });
  const now = Date.now();
  await store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const name = `bulk/secret-${String(i).padStart(7, '0')}`;
      await tx.insertSecret({
        id: randomUUID(),
        accountId,
        region: 'us-east-1',
        name,
        arn: `arn:aws:secretsmanager:us-east-1:${accountId}:secret:${name}-abcdef`,
        createdAt: now - n + i,
        lastChangedAt: now,
        rotationEnabled: false,
        replicas: [],
      });
    }
  });
  await store.close();
}

const results = {};
const table = [];
function record(name, r, base) {
  results[name] = { ...r, ratioToBaseline: base ? r.rps / base.rps : 1 };
  table.push([
    name,
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    base ? `${((100 * r.rps) / base.rps).toFixed(0)}%` : '100%',
    r.errors,
  ]);
}

const dataDir = mkdtempSync(join(tmpdir(), 'strongroom-bench-'));
const env = {
  STRONGROOM_ADMIN_ACCESS_KEY_ID: CREDS.accessKeyId,
  STRONGROOM_ADMIN_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  STRONGROOM_LOG_LEVEL: 'error',
};
try {
  const base = await start([join(ROOT, 'scripts/bench/baseline-server.mjs')]);
  let srv = await start(
    [join(ROOT, 'dist/main.js'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'error'],
    env,
  );
  const names = await seedViaApi(srv.port, 1000);
  const accountId = (await call(srv.port, 'DescribeSecret', { SecretId: names[0] })).ARN.split(':')[4];

  const baseReqs = [signed(base.port, 'GetSecretValue', { SecretId: names[0] })];
  const baseline = await runLoad({
    port: base.port,
    requests: baseReqs,
    connections: CONNECTIONS,
    durationMs: DURATION,
  });
  record('baseline (bare node:http, 200-byte body)', baseline);

  const gets = names.slice(0, 256).map((SecretId) => signed(srv.port, 'GetSecretValue', { SecretId }));
  record(
    'GetSecretValue',
    await runLoad({ port: srv.port, requests: gets, connections: CONNECTIONS, durationMs: DURATION }),
    baseline,
  );
  // Audit on (the default) vs off: the same reads against a second server with STRONGROOM_AUDIT=off.
  const quiet = await start(
    [join(ROOT, 'dist/main.js'), 'server', '--port', '0', '--data-dir', `${dataDir}-noaudit`, '--log-level', 'error'],
    { ...env, STRONGROOM_AUDIT: 'off' },
  );
  const quietNames = await seedViaApi(quiet.port, 256);
  const quietGets = quietNames.map((SecretId) => signed(quiet.port, 'GetSecretValue', { SecretId }));
  // Alternating rounds (on, off, off, on), so that drift on a shared machine hurts both alike.
  const auditRounds = { on: [], off: [] };
  for (const mode of ['on', 'off', 'off', 'on']) {
    const [port, requests] = mode === 'on' ? [srv.port, gets] : [quiet.port, quietGets];
    auditRounds[mode].push(await runLoad({ port, requests, connections: CONNECTIONS, durationMs: DURATION / 2 }));
  }
  const avg = (rs, k) => rs.reduce((n, r) => n + r[k], 0) / rs.length;
  const auditOff = {
    rps: avg(auditRounds.off, 'rps'),
    p50: avg(auditRounds.off, 'p50'),
    p99: avg(auditRounds.off, 'p99'),
  };
  auditOff.errors = auditRounds.off.reduce((n, r) => n + r.errors, 0);
  record('GetSecretValue, audit off (comparison only)', auditOff, baseline);
  results.auditCost = 1 - avg(auditRounds.on, 'rps') / auditOff.rps;
  await stop(quiet.proc);
  rmSync(`${dataDir}-noaudit`, { recursive: true, force: true });

  // Policy evaluation: the same reads as the account root (allowed without evaluation) and as an
  // IAM user whose identity policy must be evaluated, in alternating rounds (root, user, user,
  // root) so that drift on a shared machine hurts both alike.
  const user = await createPolicyUser({ port: srv.port, sign: signRequest, rootCreds: CREDS, accountId });
  const userGets = names.slice(0, 256).map((SecretId) => signed(srv.port, 'GetSecretValue', { SecretId }, user));
  const rounds = { root: [], user: [] };
  for (const who of ['root', 'user', 'user', 'root']) {
    const requests = who === 'root' ? gets : userGets;
    rounds[who].push(await runLoad({ port: srv.port, requests, connections: CONNECTIONS, durationMs: DURATION / 2 }));
  }
  const mean = (rs, k) => rs.reduce((n, r) => n + r[k], 0) / rs.length;
  const asUser = { rps: mean(rounds.user, 'rps'), p50: mean(rounds.user, 'p50'), p99: mean(rounds.user, 'p99') };
  asUser.errors = rounds.user.reduce((n, r) => n + r.errors, 0);
  record('GetSecretValue as an IAM user (policy evaluated)', asUser, baseline);
  results.policyEvaluationCost = 1 - asUser.rps / mean(rounds.root, 'rps');

  const describes = names.slice(0, 256).map((SecretId) => signed(srv.port, 'DescribeSecret', { SecretId }));
  record(
    'DescribeSecret',
    await runLoad({ port: srv.port, requests: describes, connections: CONNECTIONS, durationMs: DURATION }),
    baseline,
  );
  const puts = Array.from({ length: 40_000 }, (_, i) =>
    signed(srv.port, 'PutSecretValue', {
      SecretId: names[i % names.length],
      SecretString: `value-${i}`,
      ClientRequestToken: randomUUID(),
    }),
  );
  record(
    'PutSecretValue (durable)',
    await runLoad({ port: srv.port, requests: puts, connections: CONNECTIONS, durationMs: DURATION }),
    baseline,
  );
  const lists = [signed(srv.port, 'ListSecrets', { MaxResults: 100 })];
  const list1k = await runLoad({ port: srv.port, requests: lists, connections: 8, durationMs: DURATION / 2 });
  record('ListSecrets first page, 1,000 secrets (8 conns)', list1k, baseline);

  // The bar for writes: a third of the embedded database's own durable-commit rate.
  const raw = await new Promise((ok) => {
    const p = spawn(process.execPath, [join(ROOT, 'scripts/bench/raw-commit.mjs'), String(DURATION)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.on('exit', () => ok(JSON.parse(out)));
  });
  results.rawDurableCommitsPerSecond = raw.commitsPerSecond;
  results.putVsRawCommit = results['PutSecretValue (durable)'].rps / raw.commitsPerSecond;

  await stop(srv.proc);
  await seedViaStore(dataDir, 99_000, accountId);
  srv = await start(
    [join(ROOT, 'dist/main.js'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'error'],
    env,
  );
  const lists100k = [signed(srv.port, 'ListSecrets', { MaxResults: 100 })];
  const list100k = await runLoad({ port: srv.port, requests: lists100k, connections: 8, durationMs: DURATION / 2 });
  record('ListSecrets first page, 100,000 secrets (8 conns)', list100k, baseline);
  results.listFlatness = { p50Ratio100kTo1k: list100k.p50 / list1k.p50, rpsRatio100kTo1k: list100k.rps / list1k.rps };
  await stop(srv.proc);
  await stop(base.proc);

  // Start-up: `strongroom dev` until it listens, against the bare server's start in the same run.
  const devStarts = [];
  const bareStarts = [];
  for (let i = 0; i < 7; i++) {
    const d = await start([join(ROOT, 'dist/main.js'), 'dev', '--port', '0']);
    devStarts.push(d.startMs);
    await stop(d.proc);
    const b = await start([join(ROOT, 'scripts/bench/baseline-server.mjs')]);
    bareStarts.push(b.startMs);
    await stop(b.proc);
  }
  const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  results.devStart = { strongroomDevMs: median(devStarts), bareNodeMs: median(bareStarts) };

  // Clients, each against a server of its own: `strongroom run` start to exec, agent cache hits.
  results.runStart = await measureRunStart();
  results.agentHit = await measureAgentHits();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

results.machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model,
  node: process.version,
  durationMs: DURATION,
  connections: CONNECTIONS,
};
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\n${'operation'.padEnd(50)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs base'.padStart(8)} errors`,
);
for (const row of table)
  console.log(
    `${row[0].padEnd(50)} ${row[1].padStart(8)} ${row[2].padStart(8)} ${row[3].padStart(8)} ${row[4].padStart(8)} ${row[5]}`,
  );
console.log(
  `\nPutSecretValue vs raw durable SQLite commits (${results.rawDurableCommitsPerSecond.toFixed(0)}/s): ${(100 * results.putVsRawCommit).toFixed(0)}%`,
);
console.log(
  `Audit cost on GetSecretValue throughput (on vs off, alternating): ${(100 * results.auditCost).toFixed(1)}%`,
);
console.log(
  `Policy evaluation cost on GetSecretValue throughput (IAM user vs root, alternating): ${(100 * results.policyEvaluationCost).toFixed(1)}%`,
);
console.log(`ListSecrets p50 at 100k / at 1k: ${results.listFlatness.p50Ratio100kTo1k.toFixed(2)}x`);
console.log(
  `strongroom dev ready in ${results.devStart.strongroomDevMs.toFixed(0)} ms (bare node server: ${results.devStart.bareNodeMs.toFixed(0)} ms)`,
);
console.log(
  `strongroom run start to exec: ${results.runStart.startToExecOverheadMs.median.toFixed(0)} ms over a bare node spawn (median; goal < 100 ms)`,
);
const hit = results.agentHit.connections1;
console.log(
  `strongroom agent cache hit, 1 connection: p50 ${hit.agent.p50} ms, p99 ${hit.agent.p99} ms (bare node:http p99 ${hit.baseline.p99} ms; goal < 1 ms)`,
);
