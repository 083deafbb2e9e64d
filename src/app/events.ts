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

export type EventSink = { emit(e: ServiceEvent): Promise<void> };

export const noopEventSink: EventSink = { emit: async () => {} };
