// `strongroom run` start to exec: the wall time from spawning `strongroom run --secret <id> -- node
// -e <print>` to the child's first output, against the same `node -e <print>` spawned directly in
// the same run. The difference (overhead) is what `strongroom run` adds before exec: its own node
// start, loading the CLI, one BatchGetSecretValue to a local server, the spawn. Goal: < 100 ms.
// `node scripts/bench/run-start.mjs [runs]` prints one JSON object (npm run bench records it).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { clientEnv, MAIN, quantile, startStrongroom } from './spawn-server.mjs';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUN_START_RUNS ?? 15);
const PRINT = "process.stdout.write('ready\\n')";

/** Milliseconds from spawn to the first byte the child command writes. */
function timeToFirstOutput(args, env) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let at;
    let err = '';
    p.stdout.once('data', () => {
      at = performance.now() - t0;
    });
    p.stderr.on('data', (c) => (err += c));
    p.once('exit', (code) => (code === 0 && at !== undefined ? ok(at) : fail(new Error(`exit ${code}: ${err}`))));
  });
}

const summary = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return { median: quantile(s, 0.5), p90: quantile(s, 0.9), min: s[0] };
};

export async function measureRunStart(runs = RUNS) {
  const srv = await startStrongroom();
  try {
    await srv.client.call('CreateSecret', {
      Name: 'bench/run-start',
      ClientRequestToken: randomUUID(),
      SecretString: JSON.stringify({ username: 'app', password: 'p'.repeat(32) }),
    });
    const env = clientEnv(srv.endpoint);
    const run = [MAIN, 'run', '--secret', 'bench/run-start', '--', process.execPath, '-e', PRINT];
    const bare = ['-e', PRINT];
    // One of each first: the file cache, not the measurement.
    await timeToFirstOutput(run, env);
    await timeToFirstOutput(bare, env);
    const runMs = [];
    const bareMs = [];
    // Interleaved, so a busy moment of the machine weighs on both alike.
    for (let i = 0; i < runs; i++) {
      runMs.push(await timeToFirstOutput(run, env));
      bareMs.push(await timeToFirstOutput(bare, env));
    }
    const withRun = summary(runMs);
    const direct = summary(bareMs);
    return {
      runs,
      strongroomRunMs: withRun,
      bareNodeMs: direct,
      // The figure the goal is about: what `strongroom run` adds before its command starts. The
      // minimums are the least disturbed by other work on a shared machine.
      startToExecOverheadMs: {
        median: withRun.median - direct.median,
        p90: withRun.p90 - direct.p90,
        min: withRun.min - direct.min,
      },
    };
  } finally {
    await srv.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await measureRunStart(), null, 2)}\n`);
}
