import type { Command } from 'commander';
import { COMMANDS, type Opts, profile } from './admin-commands.js';
import type { AdminSession } from './admin-store.js';
import { chosenFormat, printResult, type Result, withOutputOption } from './output-format.js';

/**
 * `strongroom admin …`: accounts here; users, access keys, roles and inline policies in
 * admin-commands.ts. See docs/iam.md.
 */
const withSource = (cmd: Command) =>
  withOutputOption(
    cmd
      .option('--data-dir <dir>', "the server's data directory (default ./data, or STRONGROOM_DATA_DIR)")
      .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key')
      .option('--database <url>', 'the PostgreSQL database of the server (or STRONGROOM_DATABASE_URL)')
      .option('--json', 'the same as --output json'),
  );

/** Opens the store (loaded only now: `strongroom run` never pays for it), runs, prints the result. */
async function withAdmin(o: Opts, fn: (s: AdminSession) => Promise<Result | undefined>): Promise<void> {
  const format = chosenFormat(o);
  const { withAdmin: open } = await import('./admin-store.js');
  const result = await open(o, fn);
  if (result) printResult(format, result);
}
const accounts = () => import('../app/iam/accounts.js');

/** Sample values for the generated per-command examples. */
const SAMPLES: Record<string, string> = {
  '--user-name': 'app',
  '--role-name': 'reader',
  '--policy-name': 'read-app',
  '--policy-document': 'file://policy.json',
  '--assume-role-policy-document': 'file://trust.json',
  '--access-key-id': 'AKIAIOSFODNN7EXAMPLE',
  '--status': 'Inactive',
  '--tags': 'Key=team,Value=payments',
};

function examples(name: string, flags: [string, string][]): string {
  const required = flags.filter(([spec]) => spec.endsWith('!')).map(([spec]) => spec.split(' ')[0]!);
  const line = ['strongroom admin', name, ...required.map((f) => `${f} ${SAMPLES[f] ?? '<value>'}`)].join(' ');
  const more = /^(list|get)-/.test(name) ? [`${line} --output table`, `${line} --data-dir /var/lib/strongroom`] : [];
  return `\nExamples:\n${[line, ...more].map((l) => `  ${l}\n`).join('')}`;
}

const EXAMPLES = `
Examples:
  strongroom admin create-user --user-name app
  strongroom admin put-user-policy --user-name app --policy-name read-app \\
      --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:app/*"}]}'
  strongroom admin create-access-key --user-name app >> ~/.aws/credentials
  strongroom admin create-account                   # another account, with its root key
  strongroom admin create-role --account 123456789012 --role-name reader \\
      --assume-role-policy-document file://trust.json
`;

/** `strongroom admin <command>`. */
export function addAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description("Manage accounts, users, access keys, roles and policies directly on the server's database.")
    .addHelpText('after', EXAMPLES);

  withSource(admin.command('create-account'))
    .description('Create another 12-digit account and its root access key (printed once).')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom admin create-account >> ~/.aws/credentials\n  strongroom admin create-account --output json\n',
    )
    .action((o: Opts) =>
      withAdmin(o, async (s) => {
        const acct = await (await accounts()).createAccount(s.deps, Date.now());
        return {
          json: acct,
          plain: () =>
            `# account ${acct.accountId}\n${profile(`account-${acct.accountId}`, acct.accessKeyId, acct.secretAccessKey)}`,
        };
      }),
    );
  withSource(admin.command('create-root-key'))
    .description(
      "Create a further root access key for an account (the server's administrator key for the default one).",
    )
    .option('--account <id>', "the account (default: the server's default account)")
    .addHelpText(
      'after',
      '\nExample:\n  strongroom admin create-root-key --account 123456789012 >> ~/.aws/credentials\n',
    )
    .action((o: Opts) =>
      withAdmin(o, async (s) => {
        const accountId = await s.accountId();
        const k = await (await accounts()).createRootKey(s.deps, accountId, Date.now());
        return {
          json: { accountId, ...k },
          plain: () => profile(`account-${accountId}`, k.accessKeyId, k.secretAccessKey),
        };
      }),
    );
  withSource(admin.command('list-accounts'))
    .description('List the accounts.')
    .addHelpText('after', examples('list-accounts', []))
    .action((o: Opts) =>
      withAdmin(o, async (s) => ({
        json: { Accounts: (await (await accounts()).listAccounts(s.deps)).map((a) => a.accountId) },
        columns: ['Accounts'],
      })),
    );

  for (const [name, summary, flags, action] of COMMANDS) {
    const cmd = withSource(admin.command(name)).description(summary).addHelpText('after', examples(name, flags));
    cmd.option('--account <id>', "the account (default: the server's default account)");
    for (const [spec, help] of flags) {
      if (spec.endsWith('!')) cmd.requiredOption(spec.slice(0, -1), help);
      else cmd.option(spec, help);
    }
    cmd.action((o: Opts) => withAdmin(o, async (s) => action(s, await s.accountId(), o)));
  }
}
