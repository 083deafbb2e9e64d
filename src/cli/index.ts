import { Command } from 'commander';
import type { CliOptions, Mode } from '../config/config.js';
import { addAdminCommands } from './admin.js';
import { addAuditCommands } from './audit.js';
import { addClientCommands } from './client-commands.js';
import { addConsoleLoginCommand } from './console-login.js';
import { addFunctionsCommands } from './functions.js';

// Commands load what they run when they run (here and in each add*Commands), so no command pays
// for the server's or the store's modules it does not use. (A plain `strongroom run` does not even
// come here: see run-fast.ts and docs/performance.md.)
const serve = async (mode: Mode, o: CliOptions) => (await import('./serve.js')).serve(mode, o);

const PROGRAM_HELP = `
Examples:
  strongroom server
  strongroom run --secret app/db -- node server.js
  strongroom admin list-users --output table

Output: commands that print records take --output json|table|text (or STRONGROOM_OUTPUT);
  without it each keeps its own default (docs/clients.md).
Exit codes: 0 success; 1 an error (one line on stderr: the AWS error code, the message, a hint);
  2 a wrong command line (unknown option, missing or invalid value); strongroom run: its command's.
`;

const withServerOptions = (cmd: Command, dataDirHelp: string) =>
  cmd
    .option('--host <host>', 'address to listen on (default: $STRONGROOM_HOST or 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 picks a free one (default: $STRONGROOM_PORT or 4566)')
    .option('--data-dir <dir>', dataDirHelp)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--insecure-http', 'allow plain HTTP on a non-loopback address (behind a TLS proxy)')
    .option('--root-key-file <file>', 'root key file (64 hex characters) instead of <data-dir>/root.key')
    .option('--database <url>', 'PostgreSQL instead of the embedded SQLite file: postgres://user@host:5432/db')
    .option('--log-level <level>', 'debug, info, warn or error (default: $STRONGROOM_LOG_LEVEL or info)');
// No commander defaults here: loadConfig applies them after the STRONGROOM_* environment variables.

export function buildCli(): Command {
  const program = new Command('strongroom')
    .description('A self-hosted secrets manager that speaks the AWS Secrets Manager API.')
    .showHelpAfterError()
    .addHelpText('after', PROGRAM_HELP)
    // Commander's errors are command-line errors: exit code 2 (help and --help stay 0). Set before
    // the subcommands are added, which inherit it.
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));

  withServerOptions(
    program.command('server').description('Run the secure, persistent server (SigV4 verified, encrypted, durable).'),
    'where the database, root key and credentials live (default ./data)',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom server\n  strongroom server --port 8443 --tls-cert cert.pem --tls-key key.pem --host 0.0.0.0\n  STRONGROOM_ROOT_KEY=<64 hex> strongroom server --database postgres://strongroom@db.internal/strongroom\n',
    )
    .action((o: CliOptions) => serve('server', o));

  withServerOptions(
    program.command('dev').description('Run a local emulator: in memory, any well-formed SigV4 credentials accepted.'),
    'keep data in this directory instead of memory',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom dev\n  AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=x aws --endpoint-url http://127.0.0.1:4566 secretsmanager list-secrets\n',
    )
    .action((o: CliOptions) => serve('dev', o));

  addClientCommands(program);
  addAuditCommands(program);
  addFunctionsCommands(program);
  addAdminCommands(program);
  addConsoleLoginCommand(program);
  return program;
}
