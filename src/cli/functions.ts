import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { canonicalLambdaArn } from '../app/rotation/functions/registry.js';
import { keyCheckValue, loadOrCreateRootKey, parseRootKeyHex, readRootKeyFile } from '../crypto/root-key.js';
import type { Store } from '../storage/ports.js';
import { openPostgresStore } from '../storage/postgres/open-postgres.js';
import type { RotationFunctionKind } from '../storage/rotation-ports.js';
import { openSqliteStore } from '../storage/sqlite/open-sqlite.js';
import { type FunctionSpec, registerFunction } from './functions-register.js';

type SourceOptions = { dataDir?: string; rootKeyFile?: string; database?: string };
type AddOptions = SourceOptions & {
  webhook?: string;
  node?: string;
  python?: string;
  handler?: string;
  timeout: string;
  region: string;
  account?: string;
  signingKeyFile?: string;
  json?: boolean;
};

const DEV_ACCOUNT = '000000000000';

/** Opens the server's database directly (like an admin tool); safe while the server runs. */
async function withStore<T>(o: SourceOptions, fn: (store: Store, rootKey: Buffer) => Promise<T>): Promise<T> {
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
    ? await openPostgresStore({ url, poolMax: 1 })
    : await openSqliteStore({ path: join(dataDir, 'strongroom.db') });
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
    };
    const r = await registerFunction(store, rootKey, spec, Date.now());
    const signingKey = o.signingKeyFile ? undefined : r.signingKey?.toString('hex');
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ arn: r.arn, kind, signingKey, accessKeyId: r.accessKeyId })}\n`);
      return;
    }
    process.stdout.write(`Registered ${r.arn} (${kind})\n`);
    if (signingKey) {
      process.stdout.write(
        `Signing key (shown once): ${signingKey}\n  requests carry X-Strongroom-Signature: sha256=<HMAC-SHA256 of the body under this key, hex>\n`,
      );
    }
    if (r.accessKeyId)
      process.stdout.write(`Runs with access key ${r.accessKeyId} (stored sealed; given to each invocation)\n`);
  });
}

async function list(o: SourceOptions & { json?: boolean }): Promise<void> {
  await withStore(o, async (store) => {
    const fns = await store.listRotationFunctions();
    for (const f of fns) {
      const row = {
        arn: f.arn,
        kind: f.kind,
        target: f.target,
        handler: f.handler,
        timeoutSeconds: f.timeoutMs / 1000,
      };
      process.stdout.write(
        o.json ? `${JSON.stringify(row)}\n` : `${f.arn}\t${f.kind}\t${f.target}${f.handler ? `:${f.handler}` : ''}\n`,
      );
    }
  });
}

async function remove(given: string, o: SourceOptions & { region: string; account?: string }): Promise<void> {
  await withStore(o, async (store) => {
    const accountId = o.account ?? (await store.getMeta('default_account_id')) ?? DEV_ACCOUNT;
    const arn = canonicalLambdaArn(given, { accountId, region: o.region });
    if (!arn || !(await store.deleteRotationFunction(arn))) throw new Error(`no function ${arn ?? given}`);
    process.stdout.write(`Removed ${arn}\n`);
  });
}

const withSource = (cmd: Command) =>
  cmd
    .option('--data-dir <dir>', "the server's data directory (default ./data)")
    .option('--root-key-file <file>', 'root key file instead of <data-dir>/root.key')
    .option('--database <url>', 'PostgreSQL database of the server (or STRONGROOM_DATABASE_URL)');

/** `strongroom functions add|list|remove`: rotation functions, named by Lambda ARN. */
export function addFunctionsCommands(program: Command): void {
  const fns = program
    .command('functions')
    .description('Register the rotation functions RotateSecret may name (RotationLambdaARN).');

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
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  strongroom functions add rotate-api-key --webhook https://rotator.internal/hook\n  strongroom functions add rotate-db --python ./lambda_function.py --timeout 60\n\nBuilt-ins need no registration: strongroom-postgres-single-user, strongroom-postgres-alternating-users,\nstrongroom-mysql-single-user, strongroom-mysql-alternating-users.\n',
    )
    .action((name: string, o: AddOptions) => add(name, o));

  withSource(fns.command('list'))
    .description('List registered rotation functions (never their keys).')
    .option('--json', 'one JSON object per line')
    .action((o) => list(o));

  withSource(fns.command('remove'))
    .description('Remove a rotation function and revoke its access key.')
    .argument('<arn-or-name>')
    .option('--region <region>', 'with a bare name: the region in the ARN', 'us-east-1')
    .option('--account <id>', 'with a bare name: the account in the ARN')
    .action((given: string, o) => remove(given, o));
}
