// A small closed-loop HTTP load generator: `connections` workers on keep-alive sockets, each
// sending the next request as soon as the previous answer arrives, for `durationMs`.
import http from 'node:http';

export async function runLoad({ port, requests, connections = 64, durationMs = 5000, warmupMs = 1000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let errors = 0;
  let next = 0;
  let recording = false;
  const stopAt = Date.now() + warmupMs + durationMs;
  setTimeout(() => {
    recording = true;
  }, warmupMs).unref();
  const one = (req) =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const r = http.request(
        { port, host: '127.0.0.1', method: req.method, path: '/', headers: req.headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (recording) {
              latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
              if (res.statusCode !== 200) errors++;
            }
            resolve();
          });
        },
      );
      r.on('error', () => {
        errors++;
        resolve();
      });
      r.end(req.body);
    });
  let t0 = 0;
  const worker = async () => {
    while (Date.now() < stopAt) {
      const req = requests[next++ % requests.length];
      if (recording && !t0) t0 = performance.now();
      await one(req);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, rps: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}
