import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../src/cli/index.js';
import { parseRunLine, RUN_FAST_OPTIONS } from '../../src/cli/run-fast.js';
import { MAIN } from '../helpers/server.js';

/**
 * A plain `strongroom run` line is parsed without commander (src/cli/run-fast.ts); it must mean
 * exactly what commander makes of it, and anything else must reach commander.
 */
function commanderRun(): Command {
  return buildCli().commands.find((c) => c.name() === 'run')!;
}

/** What commander passes the run action for `args` (the action replaced, nothing run). */
async function viaCommander(args: string[]): Promise<{ command: string[]; flags: Record<string, unknown> }> {
  const program = buildCli();
  let got: { command: string[]; flags: Record<string, unknown> } | undefined;
  program.commands
    .find((c) => c.name() === 'run')!
    .action((command: string[], flags: Record<string, unknown>) => {
      got = { command, flags: { ...flags } };
    });
  await program.parseAsync(['node', 'strongroom', ...args]);
  return got!;
}

const PLAIN: string[][] = [
  ['run', '--secret', 'app/db', '--', 'node', 'server.js'],
  ['run', '--secret', 'DB,app/db', '--secret=app/token', '--prefix', 'app/shared/', '--', 'sh', '-c', 'env'],
  ['run', '--no-parse-json', '--name-transformation', 'lowercase', '--watch', '--interval', '3', '--', 'true'],
  ['run', '--endpoint-url', 'http://127.0.0.1:4566', '--region', 'eu-west-1', '--profile', 'p', '--', 'a', '--b'],
  ['run', '--secret', 'x', 'cmd', 'arg'],
];

describe('strongroom run without commander', () => {
  it('knows the same options as the commander command', () => {
    const options = commanderRun().options.filter((o) => o.long !== '--help');
    const names = options.map((o) => o.long!.slice(2)).sort();
    expect(Object.keys(RUN_FAST_OPTIONS).sort()).toEqual(names);
    for (const o of options) {
      const fast = RUN_FAST_OPTIONS[o.long!.slice(2) as keyof typeof RUN_FAST_OPTIONS];
      expect(fast.type, o.long).toBe(o.required || o.optional ? 'string' : 'boolean');
      expect('multiple' in fast && fast.multiple, o.long).toBe(Array.isArray(o.defaultValue));
    }
  });

  it.each(PLAIN)('reads %s %s %s… as commander does', async (...args) => {
    const fast = parseRunLine(['node', 'strongroom', ...args]);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await viaCommander(args));
  });

  it.each([
    [['run', '--help']],
    [['run', '-h', '--', 'true']],
    [['run', '--bogus', '--', 'true']],
    [['run', '--secret']],
    [['run', '--secret', 'x']],
    [['run', '--watch=yes', '--', 'true']],
    [['totp', 'x']],
  ])('leaves %j to commander', (args) => {
    expect(parseRunLine(['node', 'strongroom', ...args])).toBeUndefined();
  });
});

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

describe('strongroom run lines commander answers', () => {
  it('--help prints the help with examples (exit code 0)', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: strongroom run [options] <command...>');
    expect(r.stdout).toContain('Examples:');
  });

  it('an unknown option or a missing command is a command-line error (exit code 2)', async () => {
    const unknown = await cli(['run', '--bogus', '--', 'true']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
    const missing = await cli(['run', '--secret', 'app/db']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'command'");
  });
});
