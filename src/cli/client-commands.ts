import type { Command } from 'commander';
import { selectValue } from '../client/references.js';
import { parseTotpSeed, type TotpAlgorithm, totp } from '../client/totp.js';
import { addAgentCommand } from './agent-command.js';
import { type ClientFlags, clientFrom, withClientOptions } from './client-options.js';
import { addMigrateCommand } from './migrate-command.js';
import { resolveCommand } from './resolve.js';
import { runCommand } from './run.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** The commands applications use: run, resolve and totp (each works against Strongroom or AWS). */
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
  ).action(
    async (
      command: string[],
      o: ClientFlags & {
        secret: string[];
        prefix: string[];
        parseJson: boolean;
        nameTransformation: string;
        watch?: boolean;
        interval: string;
      },
    ) => {
      if (!['uppercase', 'lowercase', 'none'].includes(o.nameTransformation))
        throw new Error('--name-transformation must be uppercase, lowercase or none');
      const code = await runCommand(clientFrom(o), command, {
        secret: o.secret,
        prefix: o.prefix,
        parseJson: o.parseJson,
        nameTransformation: o.nameTransformation as 'uppercase',
        watch: o.watch === true,
        interval: Number(o.interval),
      });
      process.exit(code);
    },
  );

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
    process.stdout.write(await resolveCommand(clientFrom(o), file));
  });

  withClientOptions(
    program
      .command('totp')
      .description('Print the current RFC 6238 code for a seed (base32 or otpauth:// URI) stored in a secret.')
      .argument('<secret-id>', 'the secret holding the seed')
      .option('--key <json-key>', 'read the seed from this key of a JSON secret')
      .option('--digits <n>', 'code length')
      .option('--period <seconds>', 'time step')
      .option('--algorithm <name>', 'SHA1, SHA256 or SHA512')
      .addHelpText('after', '\nExample:\n  strongroom totp my-app/prod/login --key totp_secret --digits 6\n'),
  ).action(
    async (
      secretId: string,
      o: ClientFlags & { key?: string; digits?: string; period?: string; algorithm?: string },
    ) => {
      const client = clientFrom(o);
      const v = await client.call<{ SecretString?: string }>('GetSecretValue', { SecretId: secretId });
      const seedText = selectValue({ raw: secretId, secretId, jsonKey: o.key }, v.SecretString ?? '');
      const code = totp(parseTotpSeed(seedText), {
        digits: o.digits ? Number(o.digits) : undefined,
        period: o.period ? Number(o.period) : undefined,
        algorithm: o.algorithm?.toUpperCase() as TotpAlgorithm | undefined,
      });
      process.stdout.write(`${code}\n`);
    },
  );
}
