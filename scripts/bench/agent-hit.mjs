// `strongroom agent` cache hits: sequential GET /secretsmanager/get?secretId=… answered from the
// agent's cache, at 1 and 8 keep-alive connections, against the bare node:http server
// (baseline-server.mjs) measured the same way in the same run. Goal: p99 < 1 ms at 1 connection.
// `node scripts/bench/agent-hit.mjs [requests]` prints one JSON object (npm run bench records it).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientEnv, MAIN, quantile, ROOT, startListening, startStrongroom, stop } from './spawn-server.mjs';

const REQUESTS = Number(process.argv[2] ?? process.env.BENCH_AGENT_REQUESTS ?? 5000);
const TOKEN = 'bench-ssrf-token-0123456789abcdef';
const PATH = '/secretsmanager/get?secretId=bench%2Fagent-hit';

/** `count` GETs spread over `connections` sequential loops; pushes each latency (ms) to `into`. */
async function sample(agent, port, count, connections, into) {
  const one = () =>
    new Promise((ok, fail) => {
      const t0 = process.hrtime.bigint();
      http
        .get(
          { host: '127.0.0.1', port, path: PATH, agent, headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN } },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? ok(Number(process.hrtime.bigint() - t0) / 1e6)
                : fail(new Error(`status ${res.statusCode}`)),
            );
          },
        )
        .on('error', fail);
    });
  const loop = async (n) => {
    for (let i = 0; i < n; i++) into.push(await one());
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, () => loop(Math.ceil(count / connections))));
  return performance.now() - t0;
}

function summary(latencies, ms) {
  const s = [...latencies].sort((a, b) => a - b);
  const r = (v) => Number(v.toFixed(3));
  return {
    requests: s.length,
    rps: Math.round(s.length / (ms / 1000)),
    p50: r(quantile(s, 0.5)),
    p99: r(quantile(s, 0.99)),
    p999: r(quantile(s, 0.999)),
    max: r(s.at(-1)),
  };
}

/**
 * The agent and the baseline in alternating rounds of count/ROUNDS requests, so a busy moment of
 * a shared machine falls on both alike; a warm-up round of each first (JIT, sockets).
 */
const ROUNDS = 5;
async function compare(agentPort, basePort, count, connections) {
  const agents = [agentPort, basePort].map(() => new http.Agent({ keepAlive: true, maxSockets: connections }));
  const ports = [agentPort, basePort];
  const latencies = [[], []];
  const ms = [0, 0];
  for (let i = 0; i < 2; i++) await sample(agents[i], ports[i], Math.ceil(count / 10), connections, []);
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < 2; i++)
      ms[i] += await sample(agents[i], ports[i], Math.ceil(count / ROUNDS), connections, latencies[i]);
  for (const a of agents) a.destroy();
  const agent = summary(latencies[0], ms[0]);
  const baseline = summary(latencies[1], ms[1]);
  return { agent, baseline, p99RatioToBaseline: Number((agent.p99 / baseline.p99).toFixed(2)) };
}

export async function measureAgentHits(count = REQUESTS) {
  const work = mkdtempSync(join(tmpdir(), 'strongroom-bench-agent-'));
  const srv = await startStrongroom();
  const procs = [];
  try {
    await srv.client.call('CreateSecret', {
      Name: 'bench/agent-hit',
      SecretString: 'v'.repeat(100),
      ClientRequestToken: randomUUID(),
    });
    writeFileSync(join(work, 'agent.toml'), 'log_to_file = false\nlog_level = "WARN"\n');
    const agent = await startListening([MAIN, 'agent', '--config', join(work, 'agent.toml'), '--port', '0'], {
      cwd: work,
      env: { ...clientEnv(srv.endpoint), AWS_TOKEN: TOKEN },
    });
    procs.push(agent.proc);
    const base = await startListening([join(ROOT, 'scripts/bench/baseline-server.mjs')]);
    procs.push(base.proc);
    const agentPort = Number(new URL(agent.url).port);
    const basePort = Number(new URL(base.url).port);
    // The first GET fills the cache (one upstream call); everything measured after it is a hit.
    await sample(new http.Agent(), agentPort, 1, 1, []);
    const result = { requests: count };
    for (const connections of [1, 8])
      result[`connections${connections}`] = await compare(agentPort, basePort, count, connections);
    return result;
  } finally {
    for (const p of procs) await stop(p);
    await srv.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await measureAgentHits(), null, 2)}\n`);
}
