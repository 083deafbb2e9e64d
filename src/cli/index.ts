import { Command } from 'commander';
import type { CliOptions } from '../config/config.js';
import { addAdminCommands } from './admin.js';
import { addAuditCommands } from './audit.js';
import { addClientCommands } from './client-commands.js';
import { addConsoleLoginCommand } from './console-login.js';
import { addFunctionsCommands } from './functions.js';
import { serve } from './serve.js';

const withServerOptions = (cmd: Command, dataDirHelp: string) =>
  cmd
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4566')
    .option('--data-dir <dir>', dataDirHelp)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--insecure-http', 'allow plain HTTP on a non-loopback address (behind a TLS proxy)')
    .option('--root-key-file <file>', 'root key file (64 hex characters) instead of <data-dir>/root.key')
    .option('--database <url>', 'PostgreSQL instead of the embedded SQLite file: postgres://user@host:5432/db')
    .option('--log-level <level>', 'debug, info, warn or error', 'info');

export function buildCli(): Command {
  const program = new Command('strongroom')
    .description('A self-hosted secrets manager that speaks the AWS Secrets Manager API.')
    .showHelpAfterError();

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
