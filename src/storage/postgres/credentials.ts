import type { AccessKeyRecord, CredentialStore } from '../ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { all, one, type Sql } from './sql.js';

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
export function createCredentials(sql: Sql): CredentialStore {
  return {
    async findAccessKey(accessKeyId) {
      const row = await one<AccessKeyRow>(sql, {
        name: 'c_by_id',
        text: `${SELECT} WHERE access_key_id = $1`,
        values: [accessKeyId],
      });
      return row ? rowToAccessKey(row) : undefined;
    },
    async insertAccessKey(k) {
      await sql({
        name: 'c_insert',
        text: `INSERT INTO access_keys (access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        values: [k.accessKeyId, k.accountId, k.principalArn, k.userName, k.sealedSecret, k.status, k.createdAt],
      });
    },
    /** Oldest first. */
    listAccessKeys: async (accountId) =>
      (
        await all<AccessKeyRow>(sql, {
          name: 'c_by_account',
          text: `${SELECT} WHERE account_id = $1 ORDER BY created_at, access_key_id`,
          values: [accountId],
        })
      ).map(rowToAccessKey),
  };
}
