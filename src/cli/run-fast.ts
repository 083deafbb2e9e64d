import { parseArgs } from 'node:util';
import { type RunFlags, runAndExit } from './run.js';

/**
 * `strongroom run` without commander. Its start-to-exec time is a goal (docs/performance.md), and
 * commander plus the whole command tree is a third of it; node's own parseArgs costs nothing to
 * load. Only a plain command line is taken here: the options below, a command after them. Anything
 * else (--help, -h, an unknown option, a missing value or command) returns undefined and goes to
 * commander, which prints its help and errors as for every command.
 *
 * The options must be those of the `run` command in client-commands.ts (test/cli/help.test.ts
 * checks they are).
 */
export const RUN_FAST_OPTIONS = {
  secret: { type: 'string', multiple: true },
  prefix: { type: 'string', multiple: true },
  'no-parse-json': { type: 'boolean' },
  'name-transformation': { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
} as const;

/** A plain `strongroom run` command line's command and flags (as commander would give them), or undefined. */
export function parseRunLine(argv: readonly string[]): { command: string[]; flags: RunFlags } | undefined {
  if (argv[2] !== 'run') return undefined;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof RUN_FAST_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv.slice(3), options: RUN_FAST_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  const { values: v, positionals } = parsed;
  if (positionals.length === 0) return undefined;
  const flags: RunFlags = {
    secret: v.secret ?? [],
    prefix: v.prefix ?? [],
    parseJson: v['no-parse-json'] !== true,
    nameTransformation: v['name-transformation'] ?? 'uppercase',
    interval: v.interval ?? '10',
  };
  // Only the flags given, as commander leaves the others out.
  if (v.watch !== undefined) flags.watch = v.watch;
  if (v['endpoint-url'] !== undefined) flags.endpointUrl = v['endpoint-url'];
  if (v.region !== undefined) flags.region = v.region;
  if (v.profile !== undefined) flags.profile = v.profile;
  return { command: positionals, flags };
}

/** Runs `strongroom run` from process.argv when the command line is plain; undefined otherwise. */
export function fastRun(argv: readonly string[]): Promise<void> | undefined {
  const line = parseRunLine(argv);
  return line && runAndExit(line.command, line.flags);
}
