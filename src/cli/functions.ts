import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Store } from '../storage/ports.js';
import type { RotationFunctionKind } from '../storage/rotation-ports.js';
import type { FunctionSpec, RoleCheck } from './functions-register.js';
import { chosenFormat, type FormatFlags, printResult, withOutputOption } from './output-format.js';

// The store, crypto and registry modules load when a functions command runs, not with the CLI.
type SourceOptions = FormatFlags & { dataDir?: string; rootKeyFile?: string; database?: string };
type AddOptions = SourceOptions & {
  webhook?: string;
  node?: string;
  python?: string;
  handler?: string;
  timeout: string;
  region: string;
  account?: string;
  signingKeyFile?: string;
  role?: string;
};

/** The columns of `functions list --output text|table` (and the keys of its JSON). */
const FUNCTION_COLUMNS = ['arn', 'kind', 'target', 'handler', 'timeoutSeconds', 'roleArn'];

const DEV_ACCOUNT = '000000000000';

/** Opens the server's database directly (like an admin tool); safe while the server runs. */
async function withStore<T>(o: SourceOptions, fn: (store: Store, rootKey: Buffer) => Promise<T>): Promise<T> {
  const { keyCheckValue, loadOrCreateRootKey, parseRootKeyHex, readRootKeyFile } = await import(
    '../crypto/root-key.js'
  );
  const env = process.env;
  const dataDir = o.dataDir ?? env.STRONGROOM_DATA_DIR ?? './data';
  const file = o.rootKeyFile ?? env.STRONGROOM_ROOT_KEY_FILE;
  const rootKey = env.STRONGROOM_ROOT_KEY
    ? parseRootKeyHex(env.STRONGROOM_ROOT_KEY, 'STRONGROOM_ROOT_KEY')
    : file
      ? await readRootKeyFile(file)
      : (await loadOrCreateRootKey(dataDir)).key;
  // Like `strongroom admin`: --database / STRONGROOM_DATABASE_URL selects the PostgreSQL store.
  const url = o.database ?? (env.STRONGROOM_DATABASE_URL || undefined);
  const store = url
    ? await (await import('../storage/postgres/open-postgres.js')).openPostgresStore({ url, poolMax: 1 })
    : await (await import('../storage/sqlite/open-sqlite.js')).openSqliteStore({
        path: join(dataDir, 'strongroom.db'),
      });
  try {
    const kcv = keyCheckValue(rootKey);
    if ((await store.initMeta('root_key_check', kcv)) !== kcv) {
      throw new Error('the root key does not match the one this database was created with');
    }
    return await fn(store, rootKey);
  } finally {
    await store.close();
  }
}

async function add(name: string, o: AddOptions): Promise<void> {
  const format = chosenFormat(o);
  const kinds = [
    ['webhook', o.webhook],
    ['node', o.node],
    ['python', o.python],
  ].filter(([, v]) => v !== undefined) as [RotationFunctionKind, string][];
  if (kinds.length !== 1) throw new Error('give exactly one of --webhook <url>, --node <file>, --python <file>');
  const [kind, target] = kinds[0]!;
  await withStore(o, async (store, rootKey) => {
    const spec: FunctionSpec = {
      name,
      kind,
      target,
      handler: o.handler,
      timeoutMs: Math.round(Number(o.timeout) * 1000),
      region: o.region,
      accountId: o.account ?? (await store.getMeta('default_account_id')) ?? DEV_ACCOUNT,
      signingKey: o.signingKeyFile ? Buffer.from((await readFile(o.signingKeyFile, 'utf8')).trim(), 'utf8') : undefined,
      roleArn: o.role,
    };
    const { registerFunction } = await import('./functions-register.js');
    const r = await registerFunction(store, rootKey, spec, Date.now(), await lambdaRoleCheck(store, rootKey));
    const signingKey = o.signingKeyFile ? undefined : r.signingKey?.toString('hex');
    printResult(format, {
      json: { arn: r.arn, kind, signingKey, roleArn: r.roleArn },
      columns: ['arn', 'kind', 'signingKey', 'roleArn'],
      plain: () =>
        `Registered ${r.arn} (${kind})\n${
          signingKey
            ? `Signing key (shown once): ${signingKey}\n  requests carry X-Strongroom-Signature: sha256=<HMAC-SHA256 of the body under this key, hex>\n`
            : ''
        }${r.roleArn ? `Runs as ${r.roleArn} (a fresh session of the role for each invocation)\n` : ''}`,
    });
  });
}

/**
 * Checks an execution role as Lambda's CreateFunction does, through the same IAM use case each
 * invocation assumes the role with (app/iam/execution-role.ts).
 */
async function lambdaRoleCheck(store: Store, rootKey: Buffer): Promise<RoleCheck> {
  const { wireIdentity } = await import('../auth/authorizer-wire.js');
  const { systemClock } = await import('../lib/clock.js');
  const { ServiceError } = await import('../domain/errors.js');
  const identity = wireIdentity({ store, rootKey, clock: systemClock, dev: false });
  return async (roleArn, functionArn, spec) => {
    const c = { roleArn, functionArn, functionName: spec.name, accountId: spec.accountId, region: spec.region };
    try {
      await identity.iam.lambda.checkExecutionRole({ ...c, now: Date.now() });
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      // Lambda's words (CreateFunction's InvalidParameterValueException), and what to fix.
      throw new Error(
        `The role defined for the function cannot be assumed by Lambda: ${roleArn} does not exist or its trust policy does not allow {"Service": "lambda.amazonaws.com"} to sts:AssumeRole`,
      );
    }
  };
}

/** Default: `arn kind target[:handler]` tab-separated; --json: JSON lines (kept as they were). */
async function list(o: SourceOptions): Promise<void> {
  const format = o.json ? undefined : chosenFormat(o);
  const fns = await withStore(o, (store) => store.listRotationFunctions());
  const rows = fns.map((f) => ({
    arn: f.arn,
    kind: f.kind,
    target: f.target,
    handler: f.handler,
    timeoutSeconds: f.timeoutMs / 1000,
    roleArn: f.roleArn,
  }));
  printResult(format, {
    json: { Functions: rows },
    rows,
    columns: FUNCTION_COLUMNS,
    plain: () =>
      rows
        .map((r) =>
          o.json ? `${JSON.stringify(r)}\n` : `${r.arn}\t${r.kind}\t${r.target}${r.handler ? `:${r.handler}` : ''}\n`,
        )
        .join(''),
  });
}

async function remove(given: string, o: SourceOptions & { region: string; account?: string }): Promise<void> {
  const format = chosenFormat(o);
  const { canonicalLambdaArn } = await import('../app/rotation/functions/registry.js');
  await withStore(o, async (store) => {
    const accountId = o.account ?? (await store.getMeta('default_account_id')) ?? DEV_ACCOUNT;
    const arn = canonicalLambdaArn(given, { accountId, region: o.region });
    if (!arn || !(await store.deleteRotationFunction(arn))) throw new Error(`no function ${arn ?? given}`);
    printResult(format, { json: { arn }, plain: () => `Removed ${arn}\n` });
  });
}

const withSource = (cmd: Command) =>
  withOutputOption(
    cmd
      .option('--data-dir <dir>', "the server's data directory (default ./data)")
      .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key')
      .option('--database <url>', 'PostgreSQL database of the server (or STRONGROOM_DATABASE_URL)'),
  );

/** `strongroom functions add|list|remove`: rotation functions, named by Lambda ARN. */
export function addFunctionsCommands(program: Command): void {
  const fns = program
    .command('functions')
    .description('Register the rotation functions RotateSecret may name (RotationLambdaARN).')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom functions add rotate-api-key --webhook https://rotator.internal/hook\n  strongroom functions list --output table\n  strongroom functions remove rotate-api-key\n',
    );

  withSource(fns.command('add'))
    .description('Register a webhook or a Lambda-style handler file (Node or Python) as a rotation function.')
    .argument('<name>', 'the function name in arn:aws:lambda:<region>:<account>:function:<name>')
    .option('--webhook <url>', "POST each step's event here (JSON, HMAC-signed)")
    .option('--node <file>', 'a Node handler file: export const handler = async (event, context) => …')
    .option('--python <file>', 'a Python handler file: def lambda_handler(event, context)')
    .option('--handler <name>', 'the handler to call (default handler / lambda_handler)')
    .option('--timeout <seconds>', 'per step, as a Lambda timeout', '30')
    .option('--region <region>', 'the region in the ARN', 'us-east-1')
    .option('--account <id>', "the account in the ARN (default: the server's account)")
    .option('--signing-key-file <file>', 'webhooks: use this key instead of a random one')
    .option(
      '--role <arn>',
      'handler files (required): the execution role, arn:aws:iam::<account>:role/<name>, trusting lambda.amazonaws.com',
    )
    .option('--json', 'the same as --output json')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom functions add rotate-api-key --webhook https://rotator.internal/hook\n  strongroom functions add rotate-db --python ./lambda_function.py --timeout 60 \\\n      --role arn:aws:iam::123456789012:role/rotate-db --output json\n\nA handler file runs with short-lived credentials of its --role (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\nAWS_SESSION_TOKEN), issued for each invocation: the role policies decide what it may do.\n\nBuilt-ins need no registration: strongroom-postgres-single-user, strongroom-postgres-alternating-users,\nstrongroom-mysql-single-user, strongroom-mysql-alternating-users.\n',
    )
    .action((name: string, o: AddOptions) => add(name, o));

  withSource(fns.command('list'))
    .description('List registered rotation functions (never their keys).')
    .option('--json', 'one JSON object per line (--output json prints one document)')
    .addHelpText(
      'after',
      '\nDefault output: one line per function, tab-separated: ARN, kind, target[:handler].\n\nExamples:\n  strongroom functions list\n  strongroom functions list --output table --data-dir /var/lib/strongroom\n',
    )
    .action((o) => list(o));

  withSource(fns.command('remove'))
    .description('Remove a rotation function.')
    .argument('<arn-or-name>')
    .option('--region <region>', 'with a bare name: the region in the ARN', 'us-east-1')
    .option('--account <id>', 'with a bare name: the account in the ARN')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom functions remove rotate-api-key\n  strongroom functions remove arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key\n',
    )
    .action((given: string, o) => remove(given, o));
}
