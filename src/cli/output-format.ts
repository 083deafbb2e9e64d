import { type Command, Option } from 'commander';
import { UsageError } from './errors.js';

/**
 * `--output json|table|text` for every command that prints a structured result (docs/clients.md):
 * json is the result pretty-printed; text is one record per line, values tab-separated, no header
 * (for `cut` and `while read`); table is the same columns aligned under a header. Without
 * `--output` (or STRONGROOM_OUTPUT) each command keeps its own default output.
 */
export const OUTPUT_FORMATS = ['json', 'table', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type FormatFlags = { output?: OutputFormat; json?: boolean };

export type Result = {
  /** What `--output json` prints. */
  json: unknown;
  /** The records text and table print (default: read from an AWS-shaped `json`, see `recordsOf`). */
  rows?: readonly Record<string, unknown>[];
  /** Column order, and the table's header when there are no rows (default: the rows' keys). */
  columns?: readonly string[];
  /** The command's own output without --output (default: the json). */
  plain?: () => string;
};

/** Adds `--output`; commander refuses any other value, naming the allowed ones (exit code 2). */
export function withOutputOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--output <format>', "the output format (default: the command's own; or STRONGROOM_OUTPUT)")
      .choices(OUTPUT_FORMATS)
      .conflicts('json'),
  );
}

/** --output, else the legacy --json, else STRONGROOM_OUTPUT, else undefined (the command's default). */
export function chosenFormat(o: FormatFlags, env: NodeJS.ProcessEnv = process.env): OutputFormat | undefined {
  if (o.output) return o.output;
  if (o.json) return 'json';
  const fromEnv = env.STRONGROOM_OUTPUT;
  if (!fromEnv) return undefined;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(fromEnv))
    throw new UsageError(`STRONGROOM_OUTPUT=${fromEnv} is invalid: use ${OUTPUT_FORMATS.join(', ')}`);
  return fromEnv as OutputFormat;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The records in an AWS-shaped result: `{Users: [...]}` gives the list (scalars become one-column
 * rows named by the key), `{User: {...}}` gives that object, anything else is one record.
 */
export function recordsOf(json: unknown): Record<string, unknown>[] {
  if (Array.isArray(json)) return json.map((v) => (isRecord(v) ? v : { value: v }));
  if (!isRecord(json)) return [{ value: json }];
  const entries = Object.entries(json);
  if (entries.length === 1) {
    const [key, inner] = entries[0]!;
    if (Array.isArray(inner)) return inner.map((v) => (isRecord(v) ? v : { [key]: v }));
    if (isRecord(inner)) return [inner];
  }
  return [json];
}

/** One cell: scalars as they are, nested values as compact JSON; never a tab or a line break. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\t\r\n]+/g, ' ');
}

export function formatResult(format: OutputFormat | undefined, r: Result): string {
  if (format === undefined) return r.plain ? r.plain() : formatResult('json', r);
  if (format === 'json') return `${JSON.stringify(r.json, null, 2)}\n`;
  const rows = r.rows ?? recordsOf(r.json);
  const columns = r.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  if (format === 'text') return cells.map((line) => `${line.join('\t')}\n`).join('');
  const lines = [[...columns], columns.map(() => ''), ...cells];
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i]!.length)));
  lines[1] = widths.map((w) => '-'.repeat(w));
  return lines
    .map(
      (line) =>
        `${line
          .map((v, i) => v.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** Prints a result in the chosen format (`chosenFormat`, called before the work, so a wrong value does none). */
export function printResult(format: OutputFormat | undefined, r: Result): void {
  process.stdout.write(formatResult(format, r));
}
