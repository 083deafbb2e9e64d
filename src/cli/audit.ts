import type { Command } from 'commander';
import { withOutputOption } from './output-format.js';

// The readers and the store load when an audit command runs, not with the CLI.
const query = () => import('./audit-query.js');
const subscriptions = () => import('./audit-subscribe.js');

const withSource = (cmd: Command) =>
  withOutputOption(
    cmd
      .option('--data-dir <dir>', "the server's data directory (default ./data)")
      .option(
        '--database <url|file>',
        "the server's PostgreSQL URL, or an SQLite file instead of <data-dir>/strongroom.db",
      )
      .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key'),
  );

/** `strongroom audit …`: the audit trail for people without the AWS CLI (reads the store directly). */
export function addAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('Read, verify and route the audit trail (CloudTrail records).')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom audit verify --data-dir /var/lib/strongroom\n  strongroom audit tail -n 50 --output table\n  strongroom audit search --event-name GetSecretValue --resource app/db --output text\n',
    );

  withSource(audit.command('verify'))
    .description(
      'Check the hash chain and signed checkpoints; name the first record changed, removed, inserted or reordered.',
    )
    .option('--json', 'the same as --output json')
    .addHelpText(
      'after',
      '\nRead-only: safe while the server runs. Exit code 1 when the trail was tampered with.\n\nExamples:\n  strongroom audit verify\n  strongroom audit verify --database postgres://strongroom@db.internal/strongroom --output json\n',
    )
    .action(async (o) => (await import('./audit-verify.js')).auditVerify(o));

  withSource(audit.command('tail'))
    .description('Print the latest records as JSON lines, oldest first.')
    .option('-n, --lines <n>', 'how many', '20')
    .option('-f, --follow', 'keep printing new records (default output or --output text)')
    .option('--interval-ms <ms>', 'poll interval with --follow', '1000')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom audit tail -n 100 | jq .eventName\n  strongroom audit tail -f --output text\n  strongroom audit tail --output table\n',
    )
    .action(async (o) => (await query()).auditTail(o));

  withSource(audit.command('search'))
    .description('Print matching records as JSON lines, newest first.')
    .option('--event-name <name>', 'e.g. GetSecretValue')
    .option('--event-source <source>', 'e.g. secretsmanager.amazonaws.com')
    .option('--event-id <id>')
    .option('--username <name>')
    .option('--resource <name|arn>', 'a secret name or ARN')
    .option('--access-key-id <id>')
    .option('--read-only <true|false>')
    .option('--account <id>')
    .option('--region <region>')
    .option('--since <iso-date>')
    .option('--until <iso-date>')
    .option('--limit <n>', 'at most this many', '50')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom audit search --event-name GetSecretValue --resource app/db --since 2024-05-01T00:00:00Z\n  strongroom audit search --username app --limit 10 --output table\n',
    )
    .action(async (o) => (await query()).auditSearch(o));

  withSource(audit.command('subscribe'))
    .description('Send matching events (EventBridge envelope) to a webhook, signed and retried.')
    .requiredOption('--url <url>', 'where to POST events')
    .requiredOption('--pattern <json>', 'an EventBridge event pattern')
    .addHelpText(
      'after',
      `\nExample:\n  strongroom audit subscribe --url https://hooks.internal/secrets \\\n    --pattern '{"source":["aws.secretsmanager"],"detail":{"eventName":["PutSecretValue","UpdateSecret","RotationSucceeded"]}}'\n`,
    )
    .action(async (o) => (await subscriptions()).auditSubscribe(o));

  withSource(audit.command('unsubscribe'))
    .description('Remove a webhook subscription (and its pending deliveries).')
    .argument('<id>')
    .addHelpText('after', '\nExample:\n  strongroom audit unsubscribe 0b0e2a4c-1f6d-4a43-9a57-2d51f1e0c7a9\n')
    .action(async (id: string, o) => (await subscriptions()).auditUnsubscribe({ ...o, id }));

  withSource(audit.command('subscriptions'))
    .description('List webhook subscriptions (never their secrets).')
    .addHelpText(
      'after',
      '\nDefault output: one JSON object per line.\n\nExamples:\n  strongroom audit subscriptions\n  strongroom audit subscriptions --output table\n',
    )
    .action(async (o) => (await subscriptions()).auditSubscriptions(o));
}
