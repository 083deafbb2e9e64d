import { AwsError, type SecretsClient } from '../client/secrets-client.js';

/**
 * `strongroom migrate`: copies secrets between two Secrets Manager endpoints (Strongroom or AWS,
 * either way). Every labelled version keeps its VersionId (sent as ClientRequestToken), so a
 * second run is a no-op and an interrupted run resumes where it stopped; AWSCURRENT and
 * AWSPREVIOUS land on the same versions as in the source; description, tags and resource policy
 * follow.
 */
type Listed = { Name: string; ARN: string };
type Described = {
  Description?: string;
  Tags?: { Key: string; Value: string }[];
  VersionIdsToStages?: Record<string, string[]>;
};
type Version = { VersionId: string; VersionStages?: string[]; CreatedDate?: number };
type Value = { SecretString?: string; SecretBinary?: string };

export type MigrateOptions = {
  filters: { Key: string; Values: string[] }[];
  dryRun: boolean;
  progress: (done: number, total: number, name: string) => void;
};
export type MigrateReport = {
  secrets: number;
  created: number;
  versionsWritten: number;
  policies: number;
  failures: { name: string; error: string }[];
};

async function listAll(from: SecretsClient, filters: MigrateOptions['filters']): Promise<Listed[]> {
  const out: Listed[] = [];
  let NextToken: string | undefined;
  do {
    const r = await from.call<{ SecretList?: Listed[]; NextToken?: string }>('ListSecrets', {
      Filters: filters.length ? filters : undefined,
      NextToken,
      MaxResults: 100,
    });
    out.push(...(r.SecretList ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

/** Source versions in the order that reproduces the labels: AWSPREVIOUS, AWSCURRENT, then the rest. */
function writeOrder(versions: Version[]): Version[] {
  const rank = (v: Version) =>
    v.VersionStages?.includes('AWSPREVIOUS') ? 0 : v.VersionStages?.includes('AWSCURRENT') ? 1 : 2;
  return [...versions].sort((a, b) => rank(a) - rank(b) || (a.CreatedDate ?? 0) - (b.CreatedDate ?? 0));
}

async function exists(to: SecretsClient, name: string): Promise<boolean> {
  try {
    await to.call('DescribeSecret', { SecretId: name });
    return true;
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') return false;
    throw e;
  }
}

async function migrateOne(from: SecretsClient, to: SecretsClient, s: Listed, dryRun: boolean, report: MigrateReport) {
  const d = await from.call<Described>('DescribeSecret', { SecretId: s.ARN });
  const versions =
    (await from.call<{ Versions?: Version[] }>('ListSecretVersionIds', { SecretId: s.ARN })).Versions ?? [];
  const policy = (await from.call<{ ResourcePolicy?: string }>('GetResourcePolicy', { SecretId: s.ARN }))
    .ResourcePolicy;
  if (dryRun) return;
  if (!(await exists(to, s.Name))) {
    await to.call('CreateSecret', {
      Name: s.Name,
      Description: d.Description,
      Tags: d.Tags?.length ? d.Tags : undefined,
    });
    report.created++;
  } else {
    if (d.Description !== undefined) await to.call('UpdateSecret', { SecretId: s.Name, Description: d.Description });
    if (d.Tags?.length) await to.call('TagResource', { SecretId: s.Name, Tags: d.Tags });
  }
  for (const v of writeOrder(versions)) {
    const value = await from.call<Value>('GetSecretValue', { SecretId: s.ARN, VersionId: v.VersionId });
    const stages = v.VersionStages ?? [];
    const r = await to.call<{ VersionStages?: string[] }>('PutSecretValue', {
      SecretId: s.Name,
      ClientRequestToken: v.VersionId,
      SecretString: value.SecretString,
      SecretBinary: value.SecretBinary,
      VersionStages: stages.filter((x) => x !== 'AWSPREVIOUS').length
        ? stages.filter((x) => x !== 'AWSPREVIOUS')
        : undefined,
    });
    if (r.VersionStages) report.versionsWritten++;
  }
  if (policy) {
    await to.call('PutResourcePolicy', { SecretId: s.Name, ResourcePolicy: policy });
    report.policies++;
  }
}

export async function migrate(from: SecretsClient, to: SecretsClient, o: MigrateOptions): Promise<MigrateReport> {
  const secrets = await listAll(from, o.filters);
  const report: MigrateReport = { secrets: secrets.length, created: 0, versionsWritten: 0, policies: 0, failures: [] };
  let done = 0;
  for (const s of secrets) {
    try {
      await migrateOne(from, to, s, o.dryRun, report);
    } catch (e) {
      report.failures.push({ name: s.Name, error: e instanceof AwsError ? `${e.code}: ${e.message}` : String(e) });
    }
    o.progress(++done, secrets.length, s.Name);
  }
  return report;
}

/** `name=prefix` or `Key=name,Values=a,b` → ListSecrets filters. */
export function parseFilter(text: string): { Key: string; Values: string[] } {
  const short = /^([a-z-]+)=(.*)$/.exec(text);
  const long = /^Key=([a-z-]+),Values=(.*)$/.exec(text);
  const m = long ?? short;
  if (!m) throw new Error(`invalid --filter '${text}': use key=value, e.g. name=app/`);
  return { Key: m[1]!, Values: m[2]!.split(',') };
}
