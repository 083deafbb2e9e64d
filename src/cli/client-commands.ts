import type { Command } from 'commander';
import type { TotpAlgorithm } from '../client/totp.js';
import { addAgentCommand } from './agent-command.js';
import { type ClientFlags, clientFrom, withClientOptions } from './client-options.js';
import { addMigrateCommand } from './migrate-command.js';
import { chosenFormat, type FormatFlags, printResult, withOutputOption } from './output-format.js';
import { type RunFlags, runAndExit } from './run.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/**
 * The commands applications use: run, resolve and totp (each works against Strongroom or AWS).
 * resolve and totp load their modules when they run. A plain `strongroom run` command line does
 * not come here at all: run-fast.ts parses it without commander (its options must match these).
 * run and resolve take no --output: run prints nothing of its own, resolve prints the document.
 */
export function addClientCommands(program: Command): void {
  addAgentCommand(program);
  addMigrateCommand(program);
  withClientOptions(
    program
      .command('run')
      .description(
        'Run a command with secrets in its environment (names as the aws-secretsmanager-get-secrets action makes them).',
      )
      .option('--secret <id>', 'a secret id, or ALIAS,secret-id (repeatable)', collect, [])
      .option(
        '--prefix <prefix>',
        'every secret whose name starts with this (at least 3 characters; repeatable)',
        collect,
        [],
      )
      .option('--no-parse-json', 'keep JSON secrets as one variable instead of one per key')
      .option('--name-transformation <t>', 'uppercase, lowercase or none', 'uppercase')
      .option('--watch', 'restart the command when a secret changes')
      .option('--interval <seconds>', 'how often --watch checks', '10')
      .argument('<command...>', 'the command and its arguments, after --')
      .addHelpText(
        'after',
        "\nExamples:\n  strongroom run --secret app/db -- node server.js\n  strongroom run --secret DB,app/db --prefix app/shared/ --watch -- ./start.sh\n\nExit code: the command's own; 1 when secrets cannot be fetched.\n",
      ),
  ).action((command: string[], o: RunFlags) => runAndExit(command, o));

  withClientOptions(
    program
      .command('resolve')
      .description('Expand secret references in a file or standard input and print the result.')
      .argument('[file]', 'the file to read, or - for standard input', '-')
      .addHelpText(
        'after',
        '\nReferences:\n  {{resolve:secretsmanager:<id>:SecretString:<json-key>:<stage>:<version-id>}}\n  "valueFrom": "arn:aws:secretsmanager:<region>:<account>:secret:<name>:<json-key>:<stage>:<version-id>" (JSON)\n  {{workato:sm:<key name>:<secret ARN>}}\n  {"amazon_secrets_manager": {"secret_name": ..., "region_name": ..., "key": ..., "type": "totp_secret", "digits": 6}} (JSON)\n\nExample:\n  strongroom resolve config.template > config.yaml\n',
      ),
  ).action(async (file: string, o: ClientFlags) => {
    const { resolveCommand } = await import('./resolve.js');
    process.stdout.write(await resolveCommand(clientFrom(o), file));
  });

  withClientOptions(
    withOutputOption(program.command('totp'))
      .description('Print the current RFC 6238 code for a seed (base32 or otpauth:// URI) stored in a secret.')
      .argument('<secret-id>', 'the secret holding the seed')
      .option('--key <json-key>', 'read the seed from this key of a JSON secret')
      .option('--digits <n>', 'code length')
      .option('--period <seconds>', 'time step')
      .option('--algorithm <name>', 'SHA1, SHA256 or SHA512')
      .addHelpText(
        'after',
        '\nDefault output: the code alone; --output json: {"code", "expiresInSeconds"} (e.g. strongroom totp app/login --output json).\n\nExample:\n  strongroom totp my-app/prod/login --key totp_secret --digits 6\n',
      ),
  ).action(
    async (
      secretId: string,
      o: ClientFlags & FormatFlags & { key?: string; digits?: string; period?: string; algorithm?: string },
    ) => {
      const format = chosenFormat(o);
      const [{ selectValue }, { parseTotpSeed, totp }] = await Promise.all([
        import('../client/references.js'),
        import('../client/totp.js'),
      ]);
      const client = clientFrom(o);
      const v = await client.call<{ SecretString?: string }>('GetSecretValue', { SecretId: secretId });
      const seed = parseTotpSeed(selectValue({ raw: secretId, secretId, jsonKey: o.key }, v.SecretString ?? ''));
      const now = Date.now();
      const period = o.period ? Number(o.period) : (seed.period ?? 30);
      const code = totp(seed, {
        digits: o.digits ? Number(o.digits) : undefined,
        period,
        algorithm: o.algorithm?.toUpperCase() as TotpAlgorithm | undefined,
        now,
      });
      // The seconds until the next time step, when this code stops being the current one.
      const expiresInSeconds = period - (Math.floor(now / 1000) % period);
      printResult(format, { json: { code, expiresInSeconds }, plain: () => `${code}\n` });
    },
  );
}
