import type { Principal } from '../app/context.js';

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

// Principals of verified server keys come from sessions-resolver.ts (long-term and session keys).
