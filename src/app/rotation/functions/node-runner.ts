/**
 * Runs one Lambda-style Node handler invocation in a child process (spawned by
 * handler-process.ts): `node node-runner.js <file> <export>`, the event on stdin, the outcome as
 * one JSON object on file descriptor 3 (stdout and stderr stay the function's own logs).
 * Supports `export const handler = async (event, context) => …` (ESM) and
 * `exports.handler = …` (CommonJS), including callback-style handlers.
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: unknown, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const report = (outcome: Record<string, unknown>) => writeSync(3, JSON.stringify(outcome));

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const [file, exportName = 'handler'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node-runner <file> [export]');
  const event = JSON.parse(await readStdin()) as unknown;
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const fromDefault = (mod.default as Record<string, unknown> | undefined)?.[exportName];
  const handler = (mod[exportName] ?? fromDefault) as Handler | undefined;
  if (typeof handler !== 'function')
    throw Object.assign(new Error(`${file} does not export ${exportName}`), { name: 'Runtime.HandlerNotFound' });
  const deadline = Date.now() + Number(process.env.STRONGROOM_FUNCTION_TIMEOUT_MS ?? 30_000);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    invokedFunctionArn: process.env.STRONGROOM_FUNCTION_ARN,
    awsRequestId: process.env.STRONGROOM_INVOCATION_ID,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  if (handler.length >= 3) {
    await new Promise<void>((ok, fail) => {
      const r = handler(event, context, (err) => (err ? fail(err) : ok()));
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(() => ok(), fail);
    });
  } else {
    await handler(event, context);
  }
}

main().then(
  () => {
    report({ ok: true });
    process.exit(0);
  },
  (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    report({ ok: false, errorType: err.name, errorMessage: err.message });
    process.exit(0);
  },
);
