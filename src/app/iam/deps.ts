import type { Store } from '../../storage/ports.js';
import type { Authorize } from '../authorize.js';

/** New credentials and ids; the implementation (auth/sessions-mint.ts) holds the root key. */
export type CredentialMint = {
  /** A long-term key pair (AKIA…) and its secret sealed for the store. */
  accessKey(): { accessKeyId: string; secretAccessKey: string; sealedSecret: Uint8Array };
  /** A temporary key pair (ASIA…) with its session token, and what the store keeps of them. */
  sessionKey(): {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    sealedSecret: Uint8Array;
    tokenHash: Uint8Array;
  };
  /** AIDA… (users) and AROA… (roles): 21 characters, unique ids that outlive renames. */
  userId(): string;
  roleId(): string;
  /** A fresh 12-digit account id. */
  accountId(): string;
};

/** What the IAM and STS use cases need. */
export type IamDeps = {
  store: Store;
  authorize: Authorize;
  mint: CredentialMint;
  /**
   * Called after every identity write, so this process's caches of keys and compiled policies
   * reload at once (other processes notice through the store's generation counter).
   */
  changed(): void;
};
