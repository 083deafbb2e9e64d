import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../src/app/events.js';
import { purgeDeletedSecrets } from '../../src/app/secrets/purge-deleted.js';
import { DAY, failure, type Harness, HOUR, harness, T0 } from './harness.js';

/**
 * Rules that need days to pass: the purge of deprecated versions beyond 100 (only those at least
 * 24 hours old, never a labelled one; statements 29-30) and the purge of a secret whose recovery
 * window has elapsed (statement 52). Each request carries its own `now`, and the purge worker
 * takes `now` as an argument, so the real use cases run at any chosen time against a real store.
 */
let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

type Version = { VersionId: string; VersionStages?: string[]; CreatedDate: number };

const put = (secretId: string, now: number, stages?: string[]) =>
  h.call(
    'PutSecretValue',
    { SecretId: secretId, SecretString: `v${now}`, ClientRequestToken: randomUUID(), VersionStages: stages },
    now,
  );

async function allVersions(secretId: string): Promise<Version[]> {
  const r = await h.call('ListSecretVersionIds', { SecretId: secretId, IncludeDeprecated: true });
  return r.Versions as Version[];
}

/** A secret with `count` versions: the first created at `start`, the rest one minute apart from `step`. */
async function secretWithVersions(name: string, count: number, start: number, stepMs: number): Promise<string[]> {
  const c = await h.call('CreateSecret', { Name: name, SecretString: 'v0', ClientRequestToken: randomUUID() }, start);
  const ids = [c.VersionId as string];
  for (let i = 1; i < count; i++) {
    // The second version carries a custom label: labelled versions are never purged, however old.
    const r = await put(name, start + i * stepMs, i === 1 ? ['KEEP'] : undefined);
    ids.push(r.VersionId as string);
  }
  return ids;
}

describe('deprecated versions beyond 100 (29-30)', () => {
  it('purges the oldest unlabelled version older than 24 h, never a labelled one', async () => {
    const ids = await secretWithVersions('many', 100, T0, 60_000);
    expect(await allVersions('many')).toHaveLength(100);
    const events: ServiceEvent[] = [];
    h.deps.events = { emit: async (e) => void events.push(e) };

    await put('many', T0 + 25 * HOUR);
    let left = new Set((await allVersions('many')).map((v) => v.VersionId));
    expect(left.size).toBe(100);
    expect(left.has(ids[0]!)).toBe(false); // oldest, unlabelled: purged
    expect(left.has(ids[1]!)).toBe(true); // older than the others but labelled KEEP

    await put('many', T0 + 25 * HOUR + 1);
    left = new Set((await allVersions('many')).map((v) => v.VersionId));
    expect(left.size).toBe(100);
    expect(left.has(ids[2]!)).toBe(false);
    expect(left.has(ids[1]!)).toBe(true);
    // One SecretVersionDeletion per purged version, naming the secret and the version (29).
    const arn = (await h.call('DescribeSecret', { SecretId: 'many' })).ARN;
    expect(events).toStrictEqual([
      { eventName: 'SecretVersionDeletion', secretArn: arn, token: ids[0], at: T0 + 25 * HOUR },
      { eventName: 'SecretVersionDeletion', secretArn: arn, token: ids[2], at: T0 + 25 * HOUR + 1 },
    ]);
    const d = await h.call('DescribeSecret', { SecretId: 'many' });
    expect(
      Object.values(d.VersionIdsToStages as Record<string, string[]>)
        .flat()
        .sort(),
    ).toEqual(['AWSCURRENT', 'AWSPREVIOUS', 'KEEP']);
  });

  it('refuses the 101st version while every deprecated one is younger than 24 h, and keeps all 100', async () => {
    const ids = await secretWithVersions('young', 100, T0, 1);
    const current = (await h.call('GetSecretValue', { SecretId: 'young' }, T0 + HOUR)).VersionId;
    const events: ServiceEvent[] = [];
    h.deps.events = { emit: async (e) => void events.push(e) };

    const token = randomUUID();
    const e = await failure(
      h.call('PutSecretValue', { SecretId: 'young', SecretString: 'new', ClientRequestToken: token }, T0 + 23 * HOUR),
    );
    expect(e).toEqual({
      code: 'LimitExceededException',
      message: 'You have exceeded the maximum number of versions allowed for a secret.',
    });
    expect(await allVersions('young')).toHaveLength(100);
    expect((await h.call('GetSecretValue', { SecretId: 'young' }, T0 + 23 * HOUR)).VersionId).toBe(current);
    expect(await failure(h.call('GetSecretValue', { SecretId: 'young', VersionId: token }))).toMatchObject({
      code: 'ResourceNotFoundException',
    });

    // UpdateSecret with a value is bound by the same quota.
    expect(
      await failure(
        h.call('UpdateSecret', { SecretId: 'young', SecretString: 'u', ClientRequestToken: randomUUID() }, T0 + HOUR),
      ),
    ).toMatchObject({ code: 'LimitExceededException' });
    expect(events).toEqual([]); // a refused write purged nothing, so announces nothing

    // A day after the first version was written, it (the oldest deprecated one) can go.
    await put('young', T0 + DAY);
    const left = (await allVersions('young')).map((v) => v.VersionId);
    expect(left).toHaveLength(100);
    expect(left).not.toContain(ids[0]);
    expect(left).toContain(ids[1]);
    expect(events.map((e) => [e.eventName, e.token])).toEqual([['SecretVersionDeletion', ids[0]]]);
  });
});

describe('the end of the recovery window (52)', () => {
  it('purges a secret scheduled for deletion once its DeletionDate has passed, and not before', async () => {
    const c = await h.call('CreateSecret', { Name: 'doomed', SecretString: 'v', ClientRequestToken: randomUUID() });
    const del = await h.call('DeleteSecret', { SecretId: 'doomed', RecoveryWindowInDays: 7 }, T0);
    expect(del.DeletionDate).toBe((T0 + 7 * DAY) / 1000);

    expect(await purgeDeletedSecrets(h.store, T0 + 7 * DAY - 1)).toBe(0);
    expect((await h.call('DescribeSecret', { SecretId: 'doomed' })).DeletedDate).toBe(T0 / 1000);

    expect(await purgeDeletedSecrets(h.store, T0 + 7 * DAY)).toBe(1);
    const gone = { code: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." };
    expect(await failure(h.call('DescribeSecret', { SecretId: 'doomed' }))).toEqual(gone);
    expect(await failure(h.call('RestoreSecret', { SecretId: c.ARN }))).toEqual(gone);
    expect(await failure(h.call('GetSecretValue', { SecretId: c.ARN }))).toEqual(gone);

    const again = await h.call('CreateSecret', { Name: 'doomed', SecretString: 'w', ClientRequestToken: randomUUID() });
    expect(again.ARN).not.toBe(c.ARN);
  });

  it('leaves a secret restored within the window alone', async () => {
    await h.call('CreateSecret', { Name: 'saved', SecretString: 'v', ClientRequestToken: randomUUID() });
    await h.call('DeleteSecret', { SecretId: 'saved', RecoveryWindowInDays: 7 }, T0);
    await h.call('RestoreSecret', { SecretId: 'saved' }, T0 + DAY);
    expect(await purgeDeletedSecrets(h.store, T0 + 30 * DAY)).toBe(0);
    expect((await h.call('GetSecretValue', { SecretId: 'saved' }, T0 + 30 * DAY)).SecretString).toBe('v');
  });
});
