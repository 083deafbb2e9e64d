import type { Command } from 'commander';
import { createAccount, createRootKey, listAccounts } from '../app/iam/accounts.js';
import { COMMANDS, type Opts, out, print, profile } from './admin-commands.js';
import { withAdmin } from './admin-store.js';

/**
 * `strongroom admin …`: accounts here; users, access keys, roles and inline policies in
 * admin-commands.ts. See docs/iam.md.
 */
const withSource = (cmd: Command) =>
  cmd
    .option('--data-dir <dir>', "the server's data directory (default ./data, or STRONGROOM_DATA_DIR)")
    .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key')
    .option('--database <url>', 'the PostgreSQL database of the server (or STRONGROOM_DATABASE_URL)')
    .option('--json', 'print credentials as JSON');

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
    .action((o: Opts) =>
      withAdmin(o, async (s) => {
        const acct = await createAccount(s.deps, Date.now());
        if (o.json) return print(acct);
        out(
          `# account ${acct.accountId}\n${profile(`account-${acct.accountId}`, acct.accessKeyId, acct.secretAccessKey)}`,
        );
      }),
    );
  withSource(admin.command('create-root-key'))
    .description(
      "Create a further root access key for an account (the server's administrator key for the default one).",
    )
    .option('--account <id>', "the account (default: the server's default account)")
    .action((o: Opts) =>
      withAdmin(o, async (s) => {
        const accountId = await s.accountId();
        const k = await createRootKey(s.deps, accountId, Date.now());
        if (o.json) return print({ accountId, ...k });
        out(profile(`account-${accountId}`, k.accessKeyId, k.secretAccessKey));
      }),
    );
  withSource(admin.command('list-accounts'))
    .description('List the accounts.')
    .action((o: Opts) =>
      withAdmin(o, async (s) => print({ Accounts: (await listAccounts(s.deps)).map((a) => a.accountId) })),
    );

  for (const [name, summary, flags, action] of COMMANDS) {
    const cmd = withSource(admin.command(name)).description(summary);
    cmd.option('--account <id>', "the account (default: the server's default account)");
    for (const [spec, help] of flags) {
      if (spec.endsWith('!')) cmd.requiredOption(spec.slice(0, -1), help);
      else cmd.option(spec, help);
    }
    cmd.action((o: Opts) =>
      withAdmin(o, async (s) => {
        await action(s, await s.accountId(), o);
      }),
    );
  }
}
