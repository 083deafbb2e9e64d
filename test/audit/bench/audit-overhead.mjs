// GetSecretValue throughput with the audit trail on and off (STRONGROOM_AUDIT=off is for this
// comparison only). Rounds alternate off/on so a noisy, shared machine hurts both alike; the
// verdict uses medians. Needs `npm run build`. Usage:
//   node test/audit/bench/audit-overhead.mjs            (ROUNDS=5 DURATION_MS=4000 CONNECTIONS=64)
//   ROOT=/path/to/a/build/ node test/audit/bench/audit-overhead.mjs
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HERE = new URL('../../../', import.meta.url).pathname;
const ROOT = process.env.ROOT ?? HERE;
const { runLoad } = await import(join(HERE, 'scripts/bench/load.mjs'));
const { signRequest } = await import(join(ROOT, 'dist/sigv4/index.js'));
const CREDS = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'b'.repeat(40) };
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const DURATION = Number(process.env.DURATION_MS ?? 4000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);

function start(audit) {
  const dataDir = mkdtempSync(join(tmpdir(), 'strongroom-audit-bench-'));
  const env = {
    ...process.env,
    STRONGROOM_AUDIT: audit,
    STRONGROOM_ADMIN_ACCESS_KEY_ID: CREDS.accessKeyId,
    STRONGROOM_ADMIN_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  };
  const args = [join(ROOT, 'dist/main.js'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'error'];
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening on https?:\/\/[^:]+:(\d+)/.exec(out);
      if (m) ok({ proc, port: Number(m[1]), dataDir });
    });
    proc.once('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
}

const stop = (p) =>
  new Promise((ok) => {
    if (p.exitCode !== null) return ok();
    p.once('exit', ok);
    p.kill('SIGTERM');
  });

function signed(port, op, payload) {
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${op}` };
  const url = `http://127.0.0.1:${port}/`;
  Object.assign(
    headers,
    signRequest({
      method: 'POST',
      url,
      headers,
      body,
      ...CREDS,
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
}

async function measure(audit) {
  const srv = await start(audit);
  try {
    const names = Array.from({ length: 64 }, (_, i) => `bench/audit-${i}`);
    for (const Name of names)
      await call(srv.port, 'CreateSecret', { Name, SecretString: 'v'.repeat(100), ClientRequestToken: randomUUID() });
    const gets = names.map((SecretId) => signed(srv.port, 'GetSecretValue', { SecretId }));
    return await runLoad({ port: srv.port, requests: gets, connections: CONNECTIONS, durationMs: DURATION });
  } finally {
    await stop(srv.proc);
    rmSync(srv.dataDir, { recursive: true, force: true });
  }
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const runs = { off: [], on: [] };
for (let i = 0; i < ROUNDS; i++) {
  for (const mode of i % 2 ? ['on', 'off'] : ['off', 'on']) {
    const r = await measure(mode);
    runs[mode].push(r);
    console.log(
      `round ${i + 1} audit ${mode.padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}`,
    );
  }
}
const off = median(runs.off.map((r) => r.rps));
const on = median(runs.on.map((r) => r.rps));
console.log(
  `\nGetSecretValue median req/s: audit off ${off.toFixed(0)}, audit on ${on.toFixed(0)}: on/off = ${(on / off).toFixed(3)} (cost ${((1 - on / off) * 100).toFixed(1)}%)`,
);
