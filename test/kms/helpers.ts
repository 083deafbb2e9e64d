import { type Creds, cliEnv, run } from '../iam/helpers.js';

export { hasAwsCli } from '../iam/helpers.js';

/** Runs the real AWS CLI against the server in a region and parses its JSON output. */
export async function cli(
  endpoint: string,
  creds: Creds,
  region: string,
  ...args: string[]
): Promise<Record<string, unknown>> {
  const { stdout } = await run('aws', ['--region', region, '--endpoint-url', endpoint, '--output', 'json', ...args], {
    env: cliEnv(creds),
  });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

/** The CLI's stderr for a command expected to fail. */
export async function cliFails(endpoint: string, creds: Creds, region: string, ...args: string[]): Promise<string> {
  try {
    await cli(endpoint, creds, region, ...args);
  } catch (e) {
    return String((e as { stderr: string }).stderr).trim();
  }
  throw new Error(`expected aws ${args.join(' ')} to fail`);
}

export type KeyMeta = { KeyId: string; Arn: string } & Record<string, unknown>;

/** `aws kms create-key` (extra args allowed); returns KeyMetadata. */
export async function createKey(endpoint: string, creds: Creds, region = 'us-east-1', ...args: string[]) {
  return (await cli(endpoint, creds, region, 'kms', 'create-key', ...args)).KeyMetadata as KeyMeta;
}

/** The server's KMS call counters for one key, from GET /metrics: "Operation/purpose" → count. */
export async function kmsUsage(endpoint: string, keyId: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  const out: Record<string, number> = {};
  const re = /^strongroom_kms_requests_total\{key_id="([^"]+)",operation="([^"]+)",purpose="([^"]+)"\} (\d+)$/gm;
  for (const m of text.matchAll(re)) if (m[1] === keyId) out[`${m[2]}/${m[3]}`] = Number(m[4]);
  return out;
}

/** The change of each counter between two readings (absent = 0). */
export const delta = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(
    [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .map((k): [string, number] => [k, (after[k] ?? 0) - (before[k] ?? 0)])
      .filter(([, v]) => v !== 0),
  );
