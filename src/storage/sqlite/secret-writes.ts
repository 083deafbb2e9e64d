import type { Database } from 'better-sqlite3';
import type { VersionRecord } from '../../domain/secret.js';
import type { SecretWrites } from '../ports.js';
import { guarded } from './conflicts.js';
import {
  SECRET_COLUMNS,
  type SecretRow,
  secretToRow,
  VERSION_SELECT,
  type VersionRow,
  versionToRow,
} from './secret-rows.js';
import type { Sync } from './sync.js';

const INSERT_SECRET = `INSERT INTO secrets (${SECRET_COLUMNS.join(', ')})
  VALUES (${SECRET_COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE_SECRET = `UPDATE secrets SET ${SECRET_COLUMNS.filter((c) => c !== 'id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id`;

/**
 * Secret writes; only reachable through a transaction's `tx`. Multi-statement writes run in
 * db.transaction(), which inside our open transaction is a SAVEPOINT: a failing statement
 * (e.g. a label naming a missing version) undoes the whole call, not half of it, even when the
 * caller catches the error and carries on.
 */
export function createSecretWrites(db: Database): Sync<SecretWrites> {
  const insertSecret = db.prepare<SecretRow>(INSERT_SECRET);
  const updateSecret = db.prepare<SecretRow>(UPDATE_SECRET);
  const deleteSecret = db.prepare<[string]>('DELETE FROM secrets WHERE id = ?');
  const insertVersion = db.prepare<VersionRow>(
    `INSERT INTO secret_versions (${VERSION_SELECT})
     VALUES (@secret_id, @version_id, @created_at, @last_accessed_at, @sealed, @kind, @kms_key_ids)`,
  );
  const setValue = db.prepare<[Uint8Array, string | null, string, string, string]>(
    'UPDATE secret_versions SET sealed = ?, kind = ?, kms_key_ids = ? WHERE secret_id = ? AND version_id = ?',
  );
  // Moving a label is an upsert on (secret, stage): the primary key keeps it on one version.
  const putStage = db.prepare<[string, string, string]>(
    `INSERT INTO version_stages (secret_id, stage, version_id) VALUES (?, ?, ?)
     ON CONFLICT (secret_id, stage) DO UPDATE SET version_id = excluded.version_id`,
  );
  const clearStages = db.prepare<[string]>('DELETE FROM version_stages WHERE secret_id = ?');
  const deleteVersion = db.prepare<[string, string]>(
    'DELETE FROM secret_versions WHERE secret_id = ? AND version_id = ?',
  );

  const mustChange = (changes: number, what: string): void => {
    if (changes === 0) throw new Error(`${what} not found`);
  };

  return {
    insertSecret(s) {
      guarded(() => insertSecret.run(secretToRow(s)));
    },
    updateSecret(s) {
      mustChange(guarded(() => updateSecret.run(secretToRow(s))).changes, `secret ${s.id}`);
    },
    deleteSecret(secretId) {
      // Versions and labels go with it (ON DELETE CASCADE), which also frees the name.
      deleteSecret.run(secretId);
    },
    /** Inserts the version and attaches `v.stages`, moving each from any other version. */
    insertVersion: db.transaction((v: VersionRecord) => {
      guarded(() => insertVersion.run(versionToRow(v)));
      for (const stage of v.stages) putStage.run(v.secretId, stage, v.versionId);
    }),
    setVersionValue(secretId, versionId, sealed, kind, kmsKeyIds) {
      const { changes } = setValue.run(sealed, kind ?? null, JSON.stringify(kmsKeyIds), secretId, versionId);
      mustChange(changes, `version ${versionId}`);
    },
    setStages: db.transaction((secretId: string, stages: ReadonlyMap<string, string>) => {
      clearStages.run(secretId);
      for (const [stage, versionId] of stages) putStage.run(secretId, stage, versionId);
    }),
    deleteVersions: db.transaction((secretId: string, versionIds: readonly string[]) => {
      for (const versionId of versionIds) deleteVersion.run(secretId, versionId);
    }),
  };
}
