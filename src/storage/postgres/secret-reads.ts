import type { SecretReads } from '../ports.js';
import {
  rowToSecret,
  rowToVersion,
  SECRET_SELECT,
  type SecretRow,
  type VersionRow,
  versionSelectAs,
} from '../sqlite/secret-rows.js';
import { createScan } from './scan.js';
import { all, one, type Sql } from './sql.js';

/** A version row with its labels, gathered by the same statement (one round trip, not two). */
type VersionWithStages = VersionRow & { stages: string[] };

const STAGES_OF_V =
  'ARRAY(SELECT s.stage FROM version_stages s WHERE s.secret_id = v.secret_id AND s.version_id = v.version_id ORDER BY s.stage) AS stages';

/**
 * The read statements, named so each connection prepares them once: these are GetSecretValue's
 * hot path. The mapping to records is shared with the SQLite store (sqlite/secret-rows.ts).
 */
export const READ_SQL = {
  byName: {
    name: 'sr_by_name',
    text: `SELECT ${SECRET_SELECT} FROM secrets WHERE account_id = $1 AND region = $2 AND name = $3`,
  },
  byArn: { name: 'sr_by_arn', text: `SELECT ${SECRET_SELECT} FROM secrets WHERE arn = $1` },
  byId: { name: 'sr_by_id', text: `SELECT ${SECRET_SELECT} FROM secrets WHERE id = $1` },
  lock: { name: 'sr_lock', text: `SELECT ${SECRET_SELECT} FROM secrets WHERE id = $1 FOR UPDATE` },
  version: {
    name: 'sr_version',
    text: `SELECT ${versionSelectAs('v')}, ${STAGES_OF_V} FROM secret_versions v WHERE v.secret_id = $1 AND v.version_id = $2`,
  },
  versionByStage: {
    name: 'sr_version_by_stage',
    text: `SELECT ${versionSelectAs('v')}, ${STAGES_OF_V}
      FROM version_stages l JOIN secret_versions v ON v.secret_id = l.secret_id AND v.version_id = l.version_id
      WHERE l.secret_id = $1 AND l.stage = $2`,
  },
  versions: {
    name: 'sr_versions',
    text: `SELECT ${versionSelectAs('v')}, ${STAGES_OF_V} FROM secret_versions v
      WHERE v.secret_id = $1 ORDER BY v.created_at DESC, v.version_id`,
  },
  count: { name: 'sr_count', text: 'SELECT count(*) AS n FROM secrets WHERE account_id = $1 AND region = $2' },
} as const;

const secret = (row: SecretRow | undefined) => (row ? rowToSecret(row) : undefined);
const version = (row: VersionWithStages | undefined) => (row ? rowToVersion(row, row.stages) : undefined);

export function createSecretReads(sql: Sql): SecretReads {
  return {
    findByName: async (accountId, region, name) =>
      secret(await one<SecretRow>(sql, { ...READ_SQL.byName, values: [accountId, region, name] })),
    findByArn: async (arn) => secret(await one<SecretRow>(sql, { ...READ_SQL.byArn, values: [arn] })),
    findById: async (id) => secret(await one<SecretRow>(sql, { ...READ_SQL.byId, values: [id] })),
    getVersion: async (secretId, versionId) =>
      version(await one<VersionWithStages>(sql, { ...READ_SQL.version, values: [secretId, versionId] })),
    getVersionByStage: async (secretId, stage) =>
      version(await one<VersionWithStages>(sql, { ...READ_SQL.versionByStage, values: [secretId, stage] })),
    listVersions: async (secretId) =>
      (await all<VersionWithStages>(sql, { ...READ_SQL.versions, values: [secretId] })).map((r) =>
        rowToVersion(r, r.stages),
      ),
    scanSecrets: createScan(sql),
    /** Every secret in the account and region, including those scheduled for deletion. */
    countSecrets: async (accountId, region) =>
      (await one<{ n: number }>(sql, { ...READ_SQL.count, values: [accountId, region] }))?.n ?? 0,
  };
}

/** SELECT … FOR UPDATE: the row lock that serialises writers of one secret across nodes. */
export async function lockSecretRow(sql: Sql, id: string) {
  return secret(await one<SecretRow>(sql, { ...READ_SQL.lock, values: [id] }));
}
