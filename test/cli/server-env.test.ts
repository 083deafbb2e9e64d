import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAIN } from '../helpers/server.js';

/** Starts `strongroom dev` with only environment variables; resolves with what it printed. */
function startDev(env: Record<string, string>): Promise<{ out: string; code: number | null }> {
  const p = spawn(process.execPath, [MAIN, 'dev'], { env: { PATH: process.env.PATH, ...env } });
  return new Promise((ok) => {
    let out = '';
    const collect = (c: Buffer) => {
      out += c;
      if (/listening on/.test(out)) p.kill('SIGTERM');
    };
    p.stdout.on('data', collect);
    p.stderr.on('data', collect);
    p.on('exit', (code) => ok({ out, code }));
  });
}

const freePort = (): Promise<number> =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

describe('server settings from the environment (README: configuration)', () => {
  it('listens where STRONGROOM_HOST and STRONGROOM_PORT say when no flag is given', async () => {
    const port = await freePort();
    const { out } = await startDev({ STRONGROOM_HOST: '127.0.0.2', STRONGROOM_PORT: String(port) });
    expect(out).toContain(`listening on http://127.0.0.2:${port}`);
  });

  it('reads STRONGROOM_LOG_LEVEL, and refuses a bad one', async () => {
    const { out, code } = await startDev({ STRONGROOM_LOG_LEVEL: 'loud', STRONGROOM_PORT: '0' });
    expect(code).not.toBe(0);
    expect(out).toContain('invalid --log-level: loud');
  });
});
