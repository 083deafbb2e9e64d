import type { AccountRecord } from '../../storage/iam-ports.js';
import type { IamDeps } from './deps.js';

/**
 * Accounts are an administrator's tool (`strongroom admin create-account`), not an AWS API: a new
 * 12-digit account and its root access key, which has full access within that account only.
 */
export type NewAccount = { accountId: string; accessKeyId: string; secretAccessKey: string };

export async function createAccount(d: IamDeps, now: number): Promise<NewAccount> {
  let accountId = d.mint.accountId();
  while (!(await d.store.insertAccount({ accountId, createdAt: now }))) accountId = d.mint.accountId();
  const key = await createRootKey(d, accountId, now);
  return { accountId, ...key };
}

/** A further root key for an account (key rotation by the administrator). */
export async function createRootKey(
  d: IamDeps,
  accountId: string,
  now: number,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const key = d.mint.accessKey();
  await d.store.insertAccessKey({
    accessKeyId: key.accessKeyId,
    accountId,
    principalArn: `arn:aws:iam::${accountId}:root`,
    userName: 'root',
    sealedSecret: key.sealedSecret,
    status: 'Active',
    createdAt: now,
  });
  d.changed();
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

export const listAccounts = (d: IamDeps): Promise<AccountRecord[]> => d.store.listAccounts();
