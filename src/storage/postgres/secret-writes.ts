import type { SecretWrites } from '../ports.js';
import { SECRET_COLUMNS, secretToRow, VERSION_SELECT, versionToRow } from '../sqlite/secret-rows.js';
import type { SecretChangeLog } from './notify-changes.js';
import type { Sql } from './sql.js';

const INSERT_SECRET = {
  name: 'sw_insert_secret',
  text: `INSERT INTO secrets (${SECRET_COLUMNS.join(', ')}) VALUES (${SECRET_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
};
const UPDATE_SECRET = {
  name: 'sw_update_secret',
  text: `UPDATE secrets SET ${SECRET_COLUMNS.map((c, i) => `${c} = $${i + 1}`)
    .filter((_, i) => SECRET_COLUMNS[i] !== 'id')
    .join(', ')} WHERE id = $${SECRET_COLUMNS.indexOf('id') + 1}`,
};

/**
 * The version and its labels in one statement: each label is upserted on (secret, stage), which
 * moves it from whichever version had it. The label rows' foreign key is checked at the end of
 * the statement, when the version row inserted by the CTE exists.
 */
const INSERT_VERSION = {
  name: 'sw_insert_version',
  text: `WITH v AS (
      INSERT INTO secret_versions (${VERSION_SELECT}) VALUES ($1, $2, $3, $4, $5, $6, $7)
      RETURNING secret_id, version_id
    )
    INSERT INTO version_stages (secret_id, stage, version_id)
    SELECT v.secret_id, s.stage, v.version_id FROM v CROSS JOIN unnest($8::text[]) AS s (stage)
    ON CONFLICT (secret_id, stage) DO UPDATE SET version_id = excluded.version_id`,
};

/**
 * The whole label map in one statement (so a failure leaves the old map): labels absent from the
 * new map are deleted, the others upserted. The two parts touch disjoint rows.
 */
const SET_STAGES = {
  name: 'sw_set_stages',
  text: `WITH gone AS (DELETE FROM version_stages WHERE secret_id = $1 AND stage <> ALL ($2::text[]))
    INSERT INTO version_stages (secret_id, stage, version_id)
    SELECT $1::text, s.stage, s.version_id FROM unnest($2::text[], $3::text[]) AS s (stage, version_id)
    ON CONFLICT (secret_id, stage) DO UPDATE SET version_id = excluded.version_id`,
};

const SET_VALUE = {
  name: 'sw_set_value',
  text: 'UPDATE secret_versions SET sealed = $1, kind = $2, kms_key_ids = $3 WHERE secret_id = $4 AND version_id = $5',
};

const mustChange = (rowCount: number | null, what: string): void => {
  if (!rowCount) throw new Error(`${what} not found`);
};

type DeletedRow = { arn: string; name: string; account_id: string };

/**
 * Secret writes; only reachable through a transaction's `tx`. Each call is one statement, so it
 * is atomic. Each notes the secret it wrote in `changes`, for the notice sent at commit
 * (notify-changes.ts); a deletion notes what the deleted row said.
 */
export function createSecretWrites(sql: Sql, changes?: SecretChangeLog): SecretWrites {
  return {
    async insertSecret(s) {
      const row = secretToRow(s);
      await sql({ ...INSERT_SECRET, values: SECRET_COLUMNS.map((c) => row[c]) });
      changes?.touched(s.id);
    },
    async updateSecret(s) {
      const row = secretToRow(s);
      const res = await sql({ ...UPDATE_SECRET, values: SECRET_COLUMNS.map((c) => row[c]) });
      mustChange(res.rowCount, `secret ${s.id}`);
      changes?.touched(s.id);
    },
    async deleteSecret(secretId) {
      // Versions and labels go with it (ON DELETE CASCADE), which also frees the name.
      const res = await sql<DeletedRow>({
        name: 'sw_delete_secret',
        text: 'DELETE FROM secrets WHERE id = $1 RETURNING arn, name, account_id',
        values: [secretId],
      });
      const row = res.rows[0];
      if (row) changes?.deleted(secretId, { arn: row.arn, name: row.name, accountId: row.account_id });
    },
    async insertVersion(v) {
      const r = versionToRow(v);
      const values = [r.secret_id, r.version_id, r.created_at, r.last_accessed_at, r.sealed, r.kind, r.kms_key_ids];
      await sql({ ...INSERT_VERSION, values: [...values, [...new Set(v.stages)]] });
      changes?.touched(v.secretId);
    },
    async setVersionValue(secretId, versionId, sealed, kind, kmsKeyIds) {
      const values = [sealed, kind ?? null, JSON.stringify(kmsKeyIds), secretId, versionId];
      mustChange((await sql({ ...SET_VALUE, values })).rowCount, `version ${versionId}`);
      changes?.touched(secretId);
    },
    async setStages(secretId, stages) {
      await sql({ ...SET_STAGES, values: [secretId, [...stages.keys()], [...stages.values()]] });
      changes?.touched(secretId);
    },
    async deleteVersions(secretId, versionIds) {
      if (versionIds.length === 0) return;
      changes?.touched(secretId);
      await sql({
        name: 'sw_delete_versions',
        text: 'DELETE FROM secret_versions WHERE secret_id = $1 AND version_id = ANY ($2::text[])',
        values: [secretId, [...versionIds]],
      });
    },
  };
}
