/**
 * The event port: what happened to a secret outside a request/response (rotation started,
 * failed, …), as EventBridge would see it. Messages never carry secret values. The audit
 * trail connects its own sink here; until then the composition root logs them.
 */
export type ServiceEvent = {
  eventName: string;
  secretArn: string;
  /** The version the event is about: a rotation's AWSPENDING version, a deleted or pruned version. */
  token?: string;
  message?: string;
  /** Epoch milliseconds. */
  at: number;
};

/**
 * An AWS service assuming a role by itself: Lambda assuming a rotation function's execution role
 * before each step (CloudTrail: an sts.amazonaws.com AssumeRole call by an AWSService). It names
 * the session made by its key id only: never its secret access key or session token.
 */
export type ServiceAssumedRole = {
  /** The service principal that assumed the role: lambda.amazonaws.com. */
  invokedBy: string;
  roleArn: string;
  roleSessionName: string;
  /** The function's region (where Lambda runs it). */
  region: string;
  /** The session: its ASIA… key id, expiry (epoch ms), "<role id>:<session name>" and ARN. */
  accessKeyId: string;
  expiration: number;
  assumedRoleId: string;
  assumedRoleArn: string;
  /** Epoch milliseconds. */
  at: number;
};

export type EventSink = {
  /** Resolves once handled; never rejects (emitting must not fail the work). */
  emit(e: ServiceEvent): Promise<void>;
  /**
   * Records a role a service assumed. Unlike `emit` this fails closed: it resolves once the
   * record is durable and rejects otherwise, and the caller must then not use the session.
   * A sink without it cannot record one (the rotation registry then refuses to run the step).
   */
  assumedRole?(e: ServiceAssumedRole): Promise<void>;
};

export const noopEventSink: EventSink = { emit: async () => {} };
