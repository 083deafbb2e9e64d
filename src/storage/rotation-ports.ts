/**
 * Storage ports of rotation: the secrets' schedule columns, the rotation runs (the write-ahead
 * record of each rotation) and the registered rotation functions. Every method is atomic on its
 * own; none needs a surrounding transaction (the engine makes each step idempotent instead).
 *
 * Invariants every implementation keeps:
 * - at most one run per secret has status 'running' (a unique partial index);
 * - a run is worked on only by the holder of an unexpired lease: claim, renew, record and finish
 *   all check owner and status, so a node that lost its lease cannot write over another's work;
 * - due schedules and due runs are found through indexes, never by scanning every secret.
 */
import type { RotationRunKind, RotationRunStatus, RotationStepName } from '../domain/rotation.js';
import type { ExternalRotationMetadataItem, RotationRules } from '../domain/secret.js';

export type RotationRunRecord = {
  id: string;
  secretId: string;
  /** The ClientRequestToken: the id of the AWSPENDING version this run fills. */
  token: string;
  /** The opaque RotationToken sent to the function and expected back on PutSecretValue. */
  rotationToken: string;
  kind: RotationRunKind;
  /** The function's Lambda ARN as configured when the run started. */
  functionArn: string;
  /** The last step that completed; undefined until createSecret completes. */
  step?: RotationStepName;
  status: RotationRunStatus;
  /** Attempts that failed so far. */
  attempts: number;
  /** Redacted: never a secret value. */
  lastError?: string;
  /**
   * When a PutSecretValue to this run's pending version was refused as "not created by Lambda"
   * (no or a wrong RotationToken from a caller other than the function itself) during the
   * current attempt; the engine then fails the attempt. Cleared by recordRotationFailure.
   */
  foreignWriteAt?: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  /** When the worker may next pick the run up (now, or after a retry backoff). */
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
};

/** When the next rotation window opens (dueAt) and what DescribeSecret shows (NextRotationDate). */
export type RotationScheduleTimes = { dueAt: number; nextRotationAt: number };

export type RotationConfig = {
  /** Absent for managed rotation (the owning service rotates, with no function). */
  lambdaArn?: string;
  rules?: RotationRules;
  externalMetadata?: ExternalRotationMetadataItem[];
  externalRoleArn?: string;
  /** undefined: no automatic schedule (on-demand rotation only). */
  schedule?: RotationScheduleTimes;
};

export type RotationFunctionKind = 'webhook' | 'node' | 'python';

export type RotationFunctionRecord = {
  /** arn:aws:lambda:<region>:<account>:function:<name> */
  arn: string;
  accountId: string;
  region: string;
  name: string;
  kind: RotationFunctionKind;
  /** The webhook URL, or the handler file's absolute path. */
  target: string;
  /** The handler's export (Node) or function (Python) name. */
  handler?: string;
  timeoutMs: number;
  /** Webhooks: the HMAC signing key, sealed under the root key. */
  sealedSigningKey?: Uint8Array;
  /**
   * Handler files: the execution role (arn:aws:iam::<account>:role/<name>) each invocation gets
   * short-lived session credentials for. Absent on functions registered before roles existed
   * (they can no longer be invoked; docs/rotation.md).
   */
  roleArn?: string;
  createdAt: number;
};

export type ScheduledClaim = {
  secretId: string;
  /** The due time the caller read: the claim succeeds only if it is still the stored one. */
  dueAt: number;
  /** The following window, stored whatever the outcome of the run. */
  next?: RotationScheduleTimes;
  /** The run to start; omitted to only move the schedule on. */
  run?: RotationRunRecord;
};

export type ScheduledClaimResult = 'claimed' | 'rescheduled' | 'busy' | 'lost';

export type RotationStore = {
  /** Writes rotation_enabled = true and the whole configuration of one secret, in one statement. */
  configureRotation(secretId: string, c: RotationConfig): Promise<void>;
  /** Disables rotation, keeping the function ARN and the rules (CancelRotateSecret). */
  disableRotation(secretId: string): Promise<void>;
  /** Moves the schedule (and, after a successful rotation, LastRotatedDate). */
  setRotationSchedule(secretId: string, s: RotationScheduleTimes | undefined, lastRotatedAt?: number): Promise<void>;
  /** Live secrets whose next window has opened, oldest first, by index. */
  findDueRotations(now: number, limit: number): Promise<{ secretId: string; dueAt: number }[]>;
  /**
   * Compare-and-set on the due time, then starts the run unless one is active: 'lost' if another
   * node moved the schedule first, 'busy' if a run was already active, 'rescheduled' without run.
   */
  claimScheduledRotation(c: ScheduledClaim): Promise<ScheduledClaimResult>;

  /** false when the secret already has a running run (nothing written). */
  insertRotationRun(r: RotationRunRecord): Promise<boolean>;
  findRotationRun(id: string): Promise<RotationRunRecord | undefined>;
  findActiveRotationRun(secretId: string): Promise<RotationRunRecord | undefined>;
  /** Newest first: the history shown to operators. */
  listRotationRuns(secretId: string, limit: number): Promise<RotationRunRecord[]>;
  /** Leases running runs that are due and not leased by anyone alive. */
  claimRotationRuns(now: number, owner: string, leaseUntil: number, limit: number): Promise<RotationRunRecord[]>;
  /** Extends the lease; false if the run is no longer running or no longer ours. */
  renewRotationLease(id: string, owner: string, leaseUntil: number, now: number): Promise<boolean>;
  /** Records a completed step (the write-ahead record); false if the run is not ours. */
  recordRotationStep(id: string, owner: string, step: RotationStepName, now: number): Promise<boolean>;
  /**
   * Marks a refused write to the run's pending version (foreignWriteAt), if the run is still
   * running; false otherwise. Any node may call it: the lease holder reads it after the step.
   */
  recordForeignPendingWrite(id: string, now: number): Promise<boolean>;
  /** A failed attempt: step reset, error kept, foreignWriteAt cleared, lease released, retried at nextAttemptAt. */
  recordRotationFailure(
    id: string,
    owner: string,
    f: { error: string; nextAttemptAt: number; final: boolean },
    now: number,
  ): Promise<boolean>;
  /** Final status (running → succeeded/failed/abandoned/cancelled); false if already final. */
  finishRotationRun(
    id: string,
    status: Exclude<RotationRunStatus, 'running'>,
    now: number,
    error?: string,
  ): Promise<boolean>;
  /** Makes a waiting run due now (RotateSecret repeated with the same token). */
  wakeRotationRun(id: string, now: number): Promise<boolean>;
  /** Drops every lease this owner holds: a restarted node resumes its runs at once. */
  releaseRotationLeases(owner: string): Promise<number>;

  insertRotationFunction(f: RotationFunctionRecord): Promise<void>;
  findRotationFunction(arn: string): Promise<RotationFunctionRecord | undefined>;
  listRotationFunctions(): Promise<RotationFunctionRecord[]>;
  /** false if there was none. */
  deleteRotationFunction(arn: string): Promise<boolean>;
};
