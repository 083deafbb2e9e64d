import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.js';
import type { RotationFunctionRecord, RotationRunRecord } from '../rotation-ports.js';
import { ACCOUNT, aSecret, DAY, REGION, seed, T0 } from './fixtures.js';

const aRun = (secretId: string, over: Partial<RotationRunRecord> = {}): RotationRunRecord => ({
  id: randomUUID(),
  secretId,
  token: randomUUID(),
  rotationToken: randomUUID(),
  kind: 'rotate',
  functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate`,
  status: 'running',
  attempts: 0,
  nextAttemptAt: T0,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const aFunction = (over: Partial<RotationFunctionRecord> = {}): RotationFunctionRecord => ({
  arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn-${randomUUID().slice(0, 8)}`,
  accountId: ACCOUNT,
  region: REGION,
  name: 'fn',
  kind: 'webhook',
  target: 'http://127.0.0.1:9/hook',
  timeoutMs: 30_000,
  sealedSigningKey: Uint8Array.from([9, 8, 7, 0, 255]),
  createdAt: T0,
  ...over,
});

/** RotationStore: schedule columns and the due index, runs and their leases, functions. */
export function rotationCases(h: { readonly store: Store }): void {
  describe('rotation schedules', () => {
    it('configures rotation, finds it once due, and keeps the configuration when disabled', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const rules = { AutomaticallyAfterDays: 3, Duration: '2h' };
      await h.store.configureRotation(s.id, {
        lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
        rules,
        externalMetadata: [{ Key: 'k', Value: 'v' }],
        externalRoleArn: 'arn:aws:iam::111122223333:role/r',
        schedule: { dueAt: T0 + DAY, nextRotationAt: T0 + DAY + 7_199_000 },
      });
      const got = await h.store.findById(s.id);
      expect(got).toMatchObject({
        rotationEnabled: true,
        rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
        rotationRules: rules,
        nextRotationAt: T0 + DAY + 7_199_000,
        externalRotationMetadata: [{ Key: 'k', Value: 'v' }],
        externalRotationRoleArn: 'arn:aws:iam::111122223333:role/r',
      });
      expect(await h.store.findDueRotations(T0 + DAY - 1, 10)).toEqual([]);
      expect(await h.store.findDueRotations(T0 + DAY, 10)).toEqual([{ secretId: s.id, dueAt: T0 + DAY }]);
      await h.store.disableRotation(s.id);
      expect(await h.store.findDueRotations(T0 + 2 * DAY, 10)).toEqual([]);
      expect(await h.store.findById(s.id)).toMatchObject({ rotationEnabled: false, rotationRules: rules });
    });

    it('lists due secrets oldest first, up to the limit, never a deleted one', async () => {
      const [a, b, c, gone] = [aSecret(), aSecret(), aSecret(), aSecret({ deletedAt: T0, deletionDate: T0 + DAY })];
      await seed(h.store, [a, b, c, gone]);
      const cfg = (dueAt: number) => ({ lambdaArn: 'f', schedule: { dueAt, nextRotationAt: dueAt } });
      await h.store.configureRotation(a.id, cfg(T0 + 3));
      await h.store.configureRotation(b.id, cfg(T0 + 1));
      await h.store.configureRotation(c.id, cfg(T0 + 2));
      await h.store.configureRotation(gone.id, cfg(T0));
      expect((await h.store.findDueRotations(T0 + 10, 2)).map((r) => r.secretId)).toEqual([b.id, c.id]);
      expect((await h.store.findDueRotations(T0 + 10, 10)).map((r) => r.secretId)).toEqual([b.id, c.id, a.id]);
    });

    it('claims a due rotation once: the compare-and-set on the due time refuses a second claimer', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await h.store.configureRotation(s.id, { lambdaArn: 'f', schedule: { dueAt: T0, nextRotationAt: T0 } });
      const next = { dueAt: T0 + DAY, nextRotationAt: T0 + 2 * DAY };
      const run = aRun(s.id);
      const results = await Promise.all([
        h.store.claimScheduledRotation({ secretId: s.id, dueAt: T0, next, run }),
        h.store.claimScheduledRotation({ secretId: s.id, dueAt: T0, next, run: aRun(s.id) }),
      ]);
      expect(results.sort()).toEqual(['claimed', 'lost']);
      expect(await h.store.findActiveRotationRun(s.id)).toMatchObject({ id: run.id, token: run.token });
      expect(await h.store.findById(s.id)).toMatchObject({ nextRotationAt: T0 + 2 * DAY });
      expect(await h.store.findDueRotations(T0 + DAY - 1, 10)).toEqual([]);
      // A later window while the run is still going only moves the schedule on.
      const later = { dueAt: T0 + 2 * DAY, nextRotationAt: T0 + 3 * DAY };
      expect(
        await h.store.claimScheduledRotation({ secretId: s.id, dueAt: T0 + DAY, next: later, run: aRun(s.id) }),
      ).toBe('busy');
      expect(await h.store.claimScheduledRotation({ secretId: s.id, dueAt: T0 + 2 * DAY })).toBe('rescheduled');
      expect(await h.store.findDueRotations(T0 + 100 * DAY, 10)).toEqual([]);
    });

    it('moves the schedule and LastRotatedDate, but does not re-arm a disabled rotation', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await h.store.configureRotation(s.id, { lambdaArn: 'f', schedule: { dueAt: T0, nextRotationAt: T0 } });
      await h.store.setRotationSchedule(s.id, { dueAt: T0 + DAY, nextRotationAt: T0 + DAY + 5 }, T0 + 7);
      expect(await h.store.findById(s.id)).toMatchObject({ lastRotatedAt: T0 + 7, nextRotationAt: T0 + DAY + 5 });
      await h.store.disableRotation(s.id);
      await h.store.setRotationSchedule(s.id, { dueAt: T0, nextRotationAt: T0 }, T0 + 9);
      expect(await h.store.findDueRotations(T0 + DAY, 10)).toEqual([]);
      expect(await h.store.findById(s.id)).toMatchObject({ lastRotatedAt: T0 + 9, rotationEnabled: false });
    });
  });

  describe('rotation runs', () => {
    it('allows one running run per secret; a finished one does not block the next', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const first = aRun(s.id);
      expect(await h.store.insertRotationRun(first)).toBe(true);
      expect(await h.store.insertRotationRun(aRun(s.id))).toBe(false);
      expect(await h.store.findRotationRun(first.id)).toStrictEqual(first);
      expect(await h.store.finishRotationRun(first.id, 'succeeded', T0 + 1)).toBe(true);
      expect(await h.store.finishRotationRun(first.id, 'failed', T0 + 2)).toBe(false);
      const second = aRun(s.id, { createdAt: T0 + 5 });
      expect(await h.store.insertRotationRun(second)).toBe(true);
      expect((await h.store.listRotationRuns(s.id, 10)).map((r) => r.id)).toEqual([second.id, first.id]);
      expect(await h.store.findActiveRotationRun(s.id)).toMatchObject({ id: second.id });
    });

    it('leases due runs to one owner until the lease expires or is released', async () => {
      const [s1, s2] = [aSecret(), aSecret()];
      await seed(h.store, [s1, s2]);
      const now = aRun(s1.id, { nextAttemptAt: T0 });
      const later = aRun(s2.id, { nextAttemptAt: T0 + 1000 });
      await h.store.insertRotationRun(now);
      await h.store.insertRotationRun(later);
      const a = await h.store.claimRotationRuns(T0, 'node-a', T0 + 500, 10);
      expect(a.map((r) => [r.id, r.leaseOwner, r.leaseExpiresAt])).toEqual([[now.id, 'node-a', T0 + 500]]);
      expect(await h.store.claimRotationRuns(T0 + 100, 'node-b', T0 + 600, 10)).toEqual([]);
      expect(await h.store.renewRotationLease(now.id, 'node-b', T0 + 900, T0 + 100)).toBe(false);
      expect(await h.store.renewRotationLease(now.id, 'node-a', T0 + 900, T0 + 100)).toBe(true);
      const b = await h.store.claimRotationRuns(T0 + 1000, 'node-b', T0 + 2000, 10);
      expect(b.map((r) => r.id).sort()).toEqual([now.id, later.id].sort());
      // node-a lost it: its writes no longer land.
      expect(await h.store.recordRotationStep(now.id, 'node-a', 'createSecret', T0 + 1001)).toBe(false);
      expect(await h.store.recordRotationStep(now.id, 'node-b', 'createSecret', T0 + 1001)).toBe(true);
      expect(await h.store.releaseRotationLeases('node-b')).toBe(2);
      const c = await h.store.claimRotationRuns(T0 + 1002, 'node-c', T0 + 3000, 10);
      expect(c.find((r) => r.id === now.id)).toMatchObject({ step: 'createSecret', leaseOwner: 'node-c' });
    });

    it('records a failed attempt: step reset, error kept, retried later; final after the last attempt', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const run = aRun(s.id);
      await h.store.insertRotationRun(run);
      await h.store.claimRotationRuns(T0, 'n', T0 + 100, 1);
      await h.store.recordRotationStep(run.id, 'n', 'setSecret', T0 + 1);
      const f = { error: 'setSecret: refused', nextAttemptAt: T0 + 60_000, final: false };
      expect(await h.store.recordRotationFailure(run.id, 'other', f, T0 + 2)).toBe(false);
      expect(await h.store.recordRotationFailure(run.id, 'n', f, T0 + 2)).toBe(true);
      const after = await h.store.findRotationRun(run.id);
      expect(after).toMatchObject({ status: 'running', attempts: 1, lastError: 'setSecret: refused' });
      expect(after?.step).toBeUndefined();
      expect(after?.leaseOwner).toBeUndefined();
      expect(await h.store.claimRotationRuns(T0 + 59_999, 'n', T0 + 70_000, 1)).toEqual([]);
      expect(await h.store.wakeRotationRun(run.id, T0 + 10)).toBe(true);
      expect(await h.store.claimRotationRuns(T0 + 10, 'n', T0 + 70_000, 1)).toHaveLength(1);
      await h.store.recordRotationFailure(run.id, 'n', { ...f, final: true }, T0 + 11);
      expect(await h.store.findRotationRun(run.id)).toMatchObject({ status: 'failed', attempts: 2 });
      expect(await h.store.findActiveRotationRun(s.id)).toBeUndefined();
    });

    it('marks a refused write to the pending version until the attempt is recorded as failed', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const run = aRun(s.id);
      await h.store.insertRotationRun(run);
      await h.store.claimRotationRuns(T0, 'n', T0 + 100, 1);
      expect((await h.store.findRotationRun(run.id))?.foreignWriteAt).toBeUndefined();
      // Any node may mark it (the write may reach another node than the lease holder).
      expect(await h.store.recordForeignPendingWrite(run.id, T0 + 5)).toBe(true);
      expect((await h.store.findRotationRun(run.id))?.foreignWriteAt).toBe(T0 + 5);
      expect((await h.store.findActiveRotationRun(s.id))?.foreignWriteAt).toBe(T0 + 5);
      const f = { error: 'Pending secret version …', nextAttemptAt: T0 + 60_000, final: false };
      expect(await h.store.recordRotationFailure(run.id, 'n', f, T0 + 6)).toBe(true);
      expect((await h.store.findRotationRun(run.id))?.foreignWriteAt).toBeUndefined();
      await h.store.finishRotationRun(run.id, 'cancelled', T0 + 7);
      expect(await h.store.recordForeignPendingWrite(run.id, T0 + 8)).toBe(false);
      expect((await h.store.findRotationRun(run.id))?.foreignWriteAt).toBeUndefined();
    });

    it('disappears with its secret', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const run = aRun(s.id);
      await h.store.insertRotationRun(run);
      await h.store.transaction((tx) => tx.deleteSecret(s.id));
      expect(await h.store.findRotationRun(run.id)).toBeUndefined();
    });
  });

  describe('rotation functions', () => {
    it('registers, finds, lists and removes functions with the execution role they run as', async () => {
      const hook = aFunction();
      const handler = aFunction({
        kind: 'node',
        target: '/srv/rotate.mjs',
        handler: 'handler',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/rotate`,
      });
      delete handler.sealedSigningKey;
      await h.store.insertRotationFunction(hook);
      await h.store.insertRotationFunction(handler);
      expect(await h.store.findRotationFunction(hook.arn)).toStrictEqual(hook);
      expect(await h.store.findRotationFunction(handler.arn)).toStrictEqual(handler);
      expect((await h.store.listRotationFunctions()).map((f) => f.arn)).toEqual([hook.arn, handler.arn].sort());
      await expect(h.store.insertRotationFunction(hook)).rejects.toThrow();
      expect(await h.store.deleteRotationFunction(handler.arn)).toBe(true);
      expect(await h.store.deleteRotationFunction(handler.arn)).toBe(false);
      expect(await h.store.findRotationFunction(handler.arn)).toBeUndefined();
      expect(await h.store.findRotationFunction(hook.arn)).toStrictEqual(hook);
    });
  });
}
