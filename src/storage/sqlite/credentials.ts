import type { Database } from 'better-sqlite3';
import type { AccessKeyRecord, CredentialStore } from '../ports.js';
import { guarded } from './conflicts.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

type AccessKeyRow = {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  user_name: string;
  sealed_secret: Uint8Array;
  status: AccessKeyRecord['status'];
  created_at: number;
};

const SELECT = `SELECT access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at
  FROM access_keys`;

const rowToAccessKey = (r: AccessKeyRow): AccessKeyRecord => ({
  accessKeyId: r.access_key_id,
  accountId: r.account_id,
  principalArn: r.principal_arn,
  userName: r.user_name,
  sealedSecret: bytesOut(r.sealed_secret),
  status: r.status,
  createdAt: r.created_at,
});

/** Access keys for SigV4 (the secret half sealed under the root key). */
export function createCredentials(db: Database): Sync<CredentialStore> {
  const byId = db.prepare<[string], AccessKeyRow>(`${SELECT} WHERE access_key_id = ?`);
  const byAccount = db.prepare<[string], AccessKeyRow>(
    `${SELECT} WHERE account_id = ? ORDER BY created_at, access_key_id`,
  );
  const insert = db.prepare<AccessKeyRow>(
    `INSERT INTO access_keys (access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at)
     VALUES (@access_key_id, @account_id, @principal_arn, @user_name, @sealed_secret, @status, @created_at)`,
  );

  return {
    findAccessKey(accessKeyId) {
      const row = byId.get(accessKeyId);
      return row ? rowToAccessKey(row) : undefined;
    },
    insertAccessKey(k) {
      const row: AccessKeyRow = {
        access_key_id: k.accessKeyId,
        account_id: k.accountId,
        principal_arn: k.principalArn,
        user_name: k.userName,
        sealed_secret: k.sealedSecret,
        status: k.status,
        created_at: k.createdAt,
      };
      guarded(() => insert.run(row));
    },
    /** Oldest first. */
    listAccessKeys: (accountId) => byAccount.all(accountId).map(rowToAccessKey),
  };
}
