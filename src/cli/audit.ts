import type { Command } from 'commander';
import { auditSearch, auditTail } from './audit-query.js';
import { auditSubscribe, auditSubscriptions, auditUnsubscribe } from './audit-subscribe.js';
import { auditVerify } from './audit-verify.js';

const withSource = (cmd: Command) =>
  cmd
    .option('--data-dir <dir>', "the server's data directory (default ./data)")
    .option(
      '--database <url|file>',
      "the server's PostgreSQL URL, or an SQLite file instead of <data-dir>/strongroom.db",
    )
    .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key');

/** `strongroom audit …`: the audit trail for people without the AWS CLI (reads the store directly). */
export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Read, verify and route the audit trail (CloudTrail records).');

  withSource(audit.command('verify'))
    .description(
      'Check the hash chain and signed checkpoints; name the first record changed, removed, inserted or reordered.',
    )
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nRead-only: safe while the server runs. Exit code 1 when the trail was tampered with.\n')
    .action((o) => auditVerify(o));

  withSource(audit.command('tail'))
    .description('Print the latest records as JSON lines, oldest first.')
    .option('-n, --lines <n>', 'how many', '20')
    .option('-f, --follow', 'keep printing new records')
    .option('--interval-ms <ms>', 'poll interval with --follow', '1000')
    .action((o) => auditTail(o));

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
      '\nExample:\n  strongroom audit search --event-name GetSecretValue --resource app/db --since 2024-05-01T00:00:00Z\n',
    )
    .action((o) => auditSearch(o));

  withSource(audit.command('subscribe'))
    .description('Send matching events (EventBridge envelope) to a webhook, signed and retried.')
    .requiredOption('--url <url>', 'where to POST events')
    .requiredOption('--pattern <json>', 'an EventBridge event pattern')
    .addHelpText(
      'after',
      `\nExample:\n  strongroom audit subscribe --url https://hooks.internal/secrets \\\n    --pattern '{"source":["aws.secretsmanager"],"detail":{"eventName":["PutSecretValue","UpdateSecret","RotationSucceeded"]}}'\n`,
    )
    .action((o) => auditSubscribe(o));

  withSource(audit.command('unsubscribe'))
    .description('Remove a webhook subscription (and its pending deliveries).')
    .argument('<id>')
    .action((id: string, o) => auditUnsubscribe({ ...o, id }));

  withSource(audit.command('subscriptions'))
    .description('List webhook subscriptions (never their secrets).')
    .action((o) => auditSubscriptions(o));
}
