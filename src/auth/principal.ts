import type { Principal } from '../app/context.js';
import type { KeyResolver } from './access-keys.js';

/** In dev mode any key is accepted: a 12-digit access key id selects that account, as LocalStack does. */
export const DEV_DEFAULT_ACCOUNT = '000000000000';

export function devPrincipal(accessKeyId: string): Principal {
  const accountId = /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEV_DEFAULT_ACCOUNT;
  return {
    accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    type: 'Root',
    userName: 'root',
    accessKeyId,
    isAdmin: true,
  };
}

/** The verified key's owner. Only the bootstrap administrator is an administrator for now. */
export async function serverPrincipal(keys: KeyResolver, accessKeyId: string): Promise<Principal | undefined> {
  const k = await keys.resolve(accessKeyId);
  if (!k) return undefined;
  return {
    accountId: k.accountId,
    arn: k.principalArn,
    type: 'IAMUser',
    userName: k.userName,
    accessKeyId,
    isAdmin: k.userName === 'admin',
  };
}
