import { keyArn } from '../../crypto/keyring.js';
import { Errors } from '../../domain/errors.js';
import { DAY_MS } from '../../lib/clock.js';
import type { KmsKeyRecord, KmsKeyStateChange } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, kmsOf, scopeOf } from './deps.js';
import { findKeyByRef } from './key-lookup.js';

export const DEFAULT_PENDING_WINDOW_DAYS = 30;

/**
 * Key state changes: Enabled ⇄ Disabled, and PendingDeletion (7-30 days, then the key and its
 * aliases are deleted and whatever it protected is lost). Cancelling a deletion leaves the key
 * Disabled, as KMS does. The AWS managed key's policy allows none of these.
 */
async function changeable(d: KmsDeps, ctx: RequestContext, ref: string, action: string): Promise<KmsKeyRecord> {
  const key = await findKeyByRef(d.store, scopeOf(ctx), ref, ctx.now);
  const arn = keyArn(key);
  if (key.keyManager === 'AWS') throw Errors.kmsManagedKey(ctx.principal.arn, `kms:${action}`, arn);
  await authorizeKms(d, ctx, action, arn, key);
  return key;
}

const setState = (d: KmsDeps, change: KmsKeyStateChange) => kmsOf(d).setKmsKeyState(change);

export async function enableKey(d: KmsDeps, ctx: RequestContext, ref: string): Promise<void> {
  const key = await changeable(d, ctx, ref, 'EnableKey');
  if (key.state === 'PendingDeletion') throw Errors.kmsPendingDeletion(keyArn(key));
  await setState(d, { keyId: key.keyId, state: 'Enabled', enabled: true });
}

export async function disableKey(d: KmsDeps, ctx: RequestContext, ref: string): Promise<void> {
  const key = await changeable(d, ctx, ref, 'DisableKey');
  if (key.state === 'PendingDeletion') throw Errors.kmsPendingDeletion(keyArn(key));
  await setState(d, { keyId: key.keyId, state: 'Disabled', enabled: false });
}

export type ScheduledDeletion = {
  KeyId: string;
  DeletionDate: number;
  KeyState: 'PendingDeletion';
  PendingWindowInDays: number;
};

export async function scheduleKeyDeletion(
  d: KmsDeps,
  ctx: RequestContext,
  ref: string,
  pendingWindowInDays = DEFAULT_PENDING_WINDOW_DAYS,
): Promise<ScheduledDeletion> {
  const key = await changeable(d, ctx, ref, 'ScheduleKeyDeletion');
  const arn = keyArn(key);
  if (key.state === 'PendingDeletion') throw Errors.kmsPendingDeletion(arn);
  const deletionDate = ctx.now + pendingWindowInDays * DAY_MS;
  await setState(d, {
    keyId: key.keyId,
    state: 'PendingDeletion',
    enabled: false,
    deletionDate,
    pendingWindowDays: pendingWindowInDays,
  });
  return {
    KeyId: arn,
    DeletionDate: deletionDate / 1000,
    KeyState: 'PendingDeletion',
    PendingWindowInDays: pendingWindowInDays,
  };
}

export async function cancelKeyDeletion(d: KmsDeps, ctx: RequestContext, ref: string): Promise<{ KeyId: string }> {
  const key = await changeable(d, ctx, ref, 'CancelKeyDeletion');
  const arn = keyArn(key);
  if (key.state !== 'PendingDeletion') throw Errors.kmsNotPendingDeletion(arn);
  await setState(d, { keyId: key.keyId, state: 'Disabled', enabled: false });
  return { KeyId: arn };
}
