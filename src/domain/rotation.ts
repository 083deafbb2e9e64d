import type { LabelMap } from './labels.js';
import { AWSCURRENT, AWSPENDING } from './secret.js';

/**
 * The rotation run as a pure state machine. A run is one rotation of one secret under one
 * token (the AWSPENDING version's id): the steps run in order, each recorded when it completes
 * (the write-ahead record), so a crash resumes after the last completed step and a failure
 * restarts the whole rotation with the same token (AWS "retries the entire rotation").
 */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStepName = (typeof ROTATION_STEPS)[number];

/** 'rotate' runs the four steps; 'test' (RotateImmediately=false) runs testSecret alone. */
export type RotationRunKind = 'rotate' | 'test';
/** 'running' covers waiting for a retry; the others are final. */
export type RotationRunStatus = 'running' | 'succeeded' | 'failed' | 'abandoned' | 'cancelled';

/** The steps still to run after `done` (the last completed step, undefined before any). */
export function remainingSteps(kind: RotationRunKind, done: RotationStepName | undefined): RotationStepName[] {
  if (kind === 'test') return done === 'testSecret' ? [] : ['testSecret'];
  return ROTATION_STEPS.slice(done === undefined ? 0 : ROTATION_STEPS.indexOf(done) + 1);
}

/**
 * Decision 3: AWSPENDING sitting on the AWSCURRENT version is not a rotation in progress.
 * Otherwise AWSPENDING on another version than `token` is (AWS refuses a new RotateSecret).
 */
export function rotationInProgress(labels: LabelMap, token: string): boolean {
  const pending = labels.get(AWSPENDING);
  return pending !== undefined && pending !== labels.get(AWSCURRENT) && pending !== token;
}

/** The version a previous, unfinished rotation left AWSPENDING on, if any. */
export function unfinishedRotationToken(labels: LabelMap): string | undefined {
  const pending = labels.get(AWSPENDING);
  return pending !== undefined && pending !== labels.get(AWSCURRENT) ? pending : undefined;
}

/** Where a run stands against the secret's labels, before and between steps. */
export type RunProgress = 'pending' | 'finished' | 'abandoned';

export function runProgress(labels: LabelMap, token: string): RunProgress {
  if (labels.get(AWSCURRENT) === token) return 'finished';
  return labels.get(AWSPENDING) === token ? 'pending' : 'abandoned';
}

/** Exponential backoff between attempts: base · 2^(attempt−1), capped. */
export const retryDelay = (attempts: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));

export const ROTATION_EVENTS = [
  'RotationStarted',
  'RotationSucceeded',
  'RotationFailed',
  'RotationAbandoned',
  'TestRotationStarted',
  'TestRotationSucceeded',
  'TestRotationFailed',
] as const;
export type RotationEventName = (typeof ROTATION_EVENTS)[number];
