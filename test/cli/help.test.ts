import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../src/cli/index.js';

/** Every command's `--help`, as commander prints it (with the texts added after the options). */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

function everyCommand(cmd: Command, path: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((c) => {
    const here = [...path, c.name()];
    return [[here.join(' '), c] as [string, Command], ...everyCommand(c, here)];
  });
}

describe('strongroom --help', () => {
  const program = buildCli();
  const commands = everyCommand(program);

  it('reaches every command group and command', () => {
    const names = commands.map(([n]) => n);
    for (const n of ['server', 'run', 'totp', 'audit search', 'functions list', 'admin list-users', 'console-login'])
      expect(names).toContain(n);
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(commands.map(([n, c]) => [n, c] as const))('%s shows examples', (_, cmd) => {
    expect(helpOf(cmd)).toMatch(/\nExamples?:\n {2}\S/);
  });

  it('documents exit codes and --output at the top', () => {
    const text = helpOf(program);
    expect(text).toContain('Exit codes: 0 success; 1 an error');
    expect(text).toContain('2 a wrong command line');
    expect(text).toContain('--output json|table|text');
  });

  it('offers --output on the commands that print records, with the allowed values', () => {
    for (const n of [
      'admin list-users',
      'admin get-role',
      'functions list',
      'audit search',
      'audit tail',
      'totp',
      'migrate',
    ]) {
      const cmd = commands.find(([name]) => name === n)![1];
      expect(helpOf(cmd).replace(/\s+/g, ' ')).toContain('(choices: "json", "table", "text")');
    }
  });
});
