import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdminCredentials } from '../auth/access-keys.js';

export const CREDENTIALS_FILE = 'credentials';
export const PROFILE = 'strongroom';

/** Writes the administrator's keys in the AWS shared-credentials format, owner-only. */
export async function writeCredentialsFile(dataDir: string, admin: AdminCredentials): Promise<string> {
  const path = join(dataDir, CREDENTIALS_FILE);
  const text = `[${PROFILE}]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`;
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}
