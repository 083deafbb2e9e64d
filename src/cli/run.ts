import { type ChildProcess, spawn } from 'node:child_process';
import { buildEnv, type NameTransformation, parseSecretSpec, secretNameOf } from '../client/env-names.js';
import type { SecretsClient } from '../client/secrets-client.js';
import { type ClientFlags, clientFrom } from './client-options.js';
import { type FetchedSecret, fetchSecrets } from './fetch-secrets.js';

export type RunOptions = {
  secret: string[];
  prefix: string[];
  parseJson: boolean;
  nameTransformation: NameTransformation;
  watch: boolean;
  interval: number;
};

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

async function environment(client: SecretsClient, o: RunOptions) {
  const specs = o.secret.map(parseSecretSpec);
  for (const p of o.prefix)
    if (p.replace(/\*$/, '').length < 3) throw new Error(`prefix '${p}' is too short: give at least 3 characters`);
  const fetched = await fetchSecrets(
    client,
    specs.map((s) => s.secretId),
    o.prefix.map((p) => p.replace(/\*$/, '')),
  );
  const secrets = fetched.map((f: FetchedSecret) => {
    const spec = specs.find((s) => s.secretId === f.secretId);
    return { secretId: f.secretId, name: secretNameOf(f.name), alias: spec?.alias, value: f.value };
  });
  return {
    env: buildEnv(secrets, { parseJson: o.parseJson, transformation: o.nameTransformation }),
    versions: fetched.map((f) => `${f.arn}@${f.versionId}`).join(','),
  };
}

/**
 * `strongroom run`: fetch, set the variables, exec the command, pass signals through, exit with
 * the child's code. With --watch, the child is restarted when any secret's version changes.
 */
export async function runCommand(client: SecretsClient, command: string[], o: RunOptions): Promise<number> {
  if (command.length === 0) throw new Error('give the command to run after --');
  let current = await environment(client, o);
  let child: ChildProcess;
  let restarting = false;
  const start = () => {
    child = spawn(command[0]!, command.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, ...Object.fromEntries(current.env) },
    });
    return new Promise<number>((resolve) => {
      child.on('error', (e) => {
        process.stderr.write(`strongroom: cannot run ${command[0]}: ${e.message}\n`);
        resolve(127);
      });
      child.on('exit', (code, signal) =>
        resolve(
          code ??
            128 +
              (signal
                ? (({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGHUP: 1, SIGQUIT: 3 } as Record<string, number>)[signal] ??
                  1)
                : 1),
        ),
      );
    });
  };
  const forward = (sig: NodeJS.Signals) => child?.kill(sig);
  for (const s of FORWARDED) process.on(s, forward);
  let timer: NodeJS.Timeout | undefined;
  if (o.watch) {
    timer = setInterval(async () => {
      try {
        const next = await environment(client, o);
        if (next.versions !== current.versions && !restarting) {
          current = next;
          restarting = true;
          child.kill('SIGTERM');
        }
      } catch (e) {
        process.stderr.write(`strongroom: watch: ${(e as Error).message}\n`);
      }
    }, o.interval * 1000);
  }
  for (;;) {
    const code = await start();
    if (!restarting) {
      if (timer) clearInterval(timer);
      for (const s of FORWARDED) process.off(s, forward);
      return code;
    }
    restarting = false;
  }
}

/** The flags of `strongroom run`, as commander (client-commands.ts) or run-fast.ts parsed them. */
export type RunFlags = ClientFlags & {
  secret: string[];
  prefix: string[];
  parseJson: boolean;
  nameTransformation: string;
  watch?: boolean;
  interval: string;
};

/** `strongroom run`'s action: runs the command and exits with its code. */
export async function runAndExit(command: string[], o: RunFlags): Promise<void> {
  if (!['uppercase', 'lowercase', 'none'].includes(o.nameTransformation))
    throw new Error('--name-transformation must be uppercase, lowercase or none');
  const code = await runCommand(clientFrom(o), command, {
    secret: o.secret,
    prefix: o.prefix,
    parseJson: o.parseJson,
    nameTransformation: o.nameTransformation as NameTransformation,
    watch: o.watch === true,
    interval: Number(o.interval),
  });
  process.exit(code);
}
