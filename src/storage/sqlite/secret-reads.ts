import type { Database } from 'better-sqlite3';
import type { SecretRecord, VersionRecord } from '../../domain/secret.js';
import type { SecretReads } from '../ports.js';
import { createScan } from './scan.js';
import {
  rowToSecret,
  rowToVersion,
  SECRET_SELECT,
  type SecretRow,
  VERSION_SELECT,
  type VersionRow,
  versionSelectAs,
} from './secret-rows.js';
import type { Sync } from './sync.js';

/** The read statements, exported so tests can check their query plans use an index. */
export const READ_SQL = {
  byName: `SELECT ${SECRET_SELECT} FROM secrets WHERE account_id = ? AND region = ? AND name = ?`,
  byArn: `SELECT ${SECRET_SELECT} FROM secrets WHERE arn = ?`,
  byId: `SELECT ${SECRET_SELECT} FROM secrets WHERE id = ?`,
  version: `SELECT ${VERSION_SELECT} FROM secret_versions WHERE secret_id = ? AND version_id = ?`,
  versionByStage: `SELECT ${versionSelectAs('v')}
    FROM version_stages s JOIN secret_versions v ON v.secret_id = s.secret_id AND v.version_id = s.version_id
    WHERE s.secret_id = ? AND s.stage = ?`,
  stagesOfVersion: 'SELECT stage FROM version_stages WHERE secret_id = ? AND version_id = ? ORDER BY stage',
  versions: `SELECT ${VERSION_SELECT} FROM secret_versions WHERE secret_id = ? ORDER BY created_at DESC, version_id`,
  stagesOfSecret: 'SELECT version_id, stage FROM version_stages WHERE secret_id = ? ORDER BY stage',
  count: 'SELECT count(*) AS n FROM secrets WHERE account_id = ? AND region = ?',
} as const;

/** Statements are prepared once here and reused: these are GetSecretValue's hot path. */
export function createSecretReads(db: Database): Sync<SecretReads> {
  const byName = db.prepare<[string, string, string], SecretRow>(READ_SQL.byName);
  const byArn = db.prepare<[string], SecretRow>(READ_SQL.byArn);
  const byId = db.prepare<[string], SecretRow>(READ_SQL.byId);
  const version = db.prepare<[string, string], VersionRow>(READ_SQL.version);
  const versionByStage = db.prepare<[string, string], VersionRow>(READ_SQL.versionByStage);
  const stagesOfVersion = db.prepare<[string, string], string>(READ_SQL.stagesOfVersion).pluck();
  const versions = db.prepare<[string], VersionRow>(READ_SQL.versions);
  const stagesOfSecret = db.prepare<[string], { version_id: string; stage: string }>(READ_SQL.stagesOfSecret);
  const count = db.prepare<[string, string], number>(READ_SQL.count).pluck();

  const secret = (row: SecretRow | undefined): SecretRecord | undefined => (row ? rowToSecret(row) : undefined);
  const withStages = (row: VersionRow | undefined): VersionRecord | undefined =>
    row ? rowToVersion(row, stagesOfVersion.all(row.secret_id, row.version_id)) : undefined;

  return {
    findByName: (accountId, region, name) => secret(byName.get(accountId, region, name)),
    findByArn: (arn) => secret(byArn.get(arn)),
    findById: (id) => secret(byId.get(id)),
    getVersion: (secretId, versionId) => withStages(version.get(secretId, versionId)),
    getVersionByStage: (secretId, stage) => withStages(versionByStage.get(secretId, stage)),
    listVersions(secretId) {
      const stages = new Map<string, string[]>();
      for (const s of stagesOfSecret.all(secretId)) {
        const list = stages.get(s.version_id);
        if (list) list.push(s.stage);
        else stages.set(s.version_id, [s.stage]);
      }
      return versions.all(secretId).map((r) => rowToVersion(r, stages.get(r.version_id) ?? []));
    },
    scanSecrets: createScan(db),
    /** Every secret in the account and region, including those scheduled for deletion. */
    countSecrets: (accountId, region) => count.get(accountId, region) ?? 0,
  };
}
