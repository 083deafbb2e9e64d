import type { RequestContext } from '../../app/context.js';
import { Errors } from '../../domain/errors.js';
import { decodeInput } from '../../protocol/decode.js';
import type { AuditStore } from '../../storage/audit-ports.js';
import { type LookupEventsInput, lookupEvents } from './lookup-events.js';
import { CLOUDTRAIL_TARGET_PREFIX, LOOKUP_EVENTS_MODEL } from './model.js';

const ACCEPTED_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0'];

export type CloudTrailDeps = {
  store: Pick<AuditStore, 'queryAudit'>;
  authorize: (ctx: RequestContext, r: { action: string; resource: string }) => Promise<void>;
};

/**
 * The CloudTrail JSON 1.1 endpoint: LookupEvents only (the rest of CloudTrail, trails and Lake,
 * answers UnknownOperationException). Same signature as protocol/dispatch.ts's Dispatch.
 */
export function createCloudTrailDispatcher(d: CloudTrailDeps) {
  return async (ctx: RequestContext, target: string | undefined, contentType: string | undefined, body: Uint8Array) => {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    if (!type || !ACCEPTED_TYPES.includes(type)) throw Errors.unknownOperation();
    if (target !== `${CLOUDTRAIL_TARGET_PREFIX}LookupEvents`) throw Errors.unknownOperation();
    const input = decodeInput(LOOKUP_EVENTS_MODEL, body) as LookupEventsInput;
    return JSON.stringify(await lookupEvents(d, ctx, input));
  };
}
