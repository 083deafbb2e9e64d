import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The root key wraps every account key; it never enters the database. It comes from
 * STRONGROOM_ROOT_KEY (64 hex characters, shareable by several nodes), from a key file given
 * by path, or from `<data-dir>/root.key`, created on first start with mode 0600.
 */
export const ROOT_KEY_FILE = 'root.key';

export function parseRootKeyHex(hex: string, source: string): Buffer {
  const t = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(t)) {
    throw new Error(`${source} must be 32 bytes written as 64 hexadecimal characters`);
  }
  return Buffer.from(t, 'hex');
}

export async function readRootKeyFile(path: string): Promise<Buffer> {
  return parseRootKeyHex(await readFile(path, 'utf8'), `root key file ${path}`);
}

/** Loads `<dataDir>/root.key`, creating it (and the directory, 0700) when absent. */
export async function loadOrCreateRootKey(dataDir: string): Promise<{ key: Buffer; created: boolean }> {
  const path = join(dataDir, ROOT_KEY_FILE);
  try {
    return { key: await readRootKeyFile(path), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile: never overwrite a root key.
  await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key, created: true };
}

/**
 * A key-check value stored in the database: a node started with another root key sees a
 * mismatch and refuses to start instead of writing data nobody can decrypt.
 */
export const keyCheckValue = (rootKey: Uint8Array): string =>
  createHmac('sha256', rootKey).update('strongroom key check v1').digest('hex').slice(0, 32);
