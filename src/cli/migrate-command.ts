import type { Command } from 'commander';
import { loadClientConfig } from '../client/aws-config.js';
import { createSecretsClient } from '../client/secrets-client.js';
import { chosenFormat, type FormatFlags, printResult, withOutputOption } from './output-format.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function side(target: string, profile?: string, region?: string) {
  const base = loadClientConfig({ profile, region });
  const endpoint =
    target === 'aws' ? `https://secretsmanager.${base.region}.amazonaws.com` : target.replace(/\/+$/, '');
  return createSecretsClient({ ...base, endpoint }, 'strongroom-migrate');
}

/** A one-line progress bar on a terminal; plain lines otherwise (logs, CI). */
function progress(done: number, total: number, name: string) {
  if (process.stderr.isTTY) {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${name.slice(0, 40).padEnd(40)}`,
    );
    if (done === total) process.stderr.write('\n');
  } else {
    process.stderr.write(`${done}/${total} ${name}\n`);
  }
}

export function addMigrateCommand(program: Command): void {
  withOutputOption(program.command('migrate'))
    .description(
      'Copy secrets (labelled versions, tags, description, resource policy) between two Secrets Manager endpoints.',
    )
    .requiredOption('--from <endpoint|aws>', 'source: an endpoint URL, or "aws"')
    .requiredOption('--to <endpoint|aws>', 'destination: an endpoint URL, or "aws"')
    .option('--from-profile <name>', 'AWS profile for the source')
    .option('--to-profile <name>', 'AWS profile for the destination')
    .option('--from-region <region>', 'region of the source')
    .option('--to-region <region>', 'region of the destination')
    .option(
      '--filter <filter>',
      'ListSecrets filter, e.g. name=app/ or Key=tag-key,Values=team (repeatable)',
      collect,
      [],
    )
    .option('--dry-run', 'list what would be copied and write nothing')
    .addHelpText(
      'after',
      '\nIdempotent and resumable: versions keep their VersionIds, so running it again copies only what is missing.\nProgress goes to stderr; the summary to stdout (default: JSON; --output table|text: one row).\n\nExamples:\n  strongroom migrate --from aws --to http://127.0.0.1:4566 --to-profile strongroom --filter name=prod/\n  strongroom migrate --from http://old:4566 --to http://new:4566 --dry-run --output table\n\nExit code: 0 when every secret was copied, 1 otherwise.\n',
    )
    .action(
      async (
        o: FormatFlags & {
          from: string;
          to: string;
          fromProfile?: string;
          toProfile?: string;
          fromRegion?: string;
          toRegion?: string;
          filter: string[];
          dryRun?: boolean;
        },
      ) => {
        const format = chosenFormat(o);
        const { migrate, parseFilter } = await import('./migrate.js');
        const report = await migrate(side(o.from, o.fromProfile, o.fromRegion), side(o.to, o.toProfile, o.toRegion), {
          filters: o.filter.map(parseFilter),
          dryRun: o.dryRun === true,
          progress,
        });
        printResult(format, {
          json: { dryRun: o.dryRun === true, ...report },
          columns: ['dryRun', 'secrets', 'created', 'versionsWritten', 'policies', 'failures'],
        });
        if (report.failures.length) process.exit(1);
      },
    );
}
