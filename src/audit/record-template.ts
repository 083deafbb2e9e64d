import { randomBytes } from 'node:crypto';
import type { AuditKeys } from '../storage/audit-ports.js';
import { type ApiCall, LEADING_ARN } from './api-call.js';
import { auditKeysOf } from './keys-of.js';
import { type CloudTrailRecord, eventTimeOf, isReadOnly } from './record.js';

/** A record ready for the recorder: its text, lookup keys and eventTime (epoch ms). */
export type PreparedRecord = { text: string; keys: AuditKeys; eventTime: number };

export type RecordTemplates = {
  /**
   * The record of a repeated read-only call, from its template: byte for byte what `build`
   * and JSON.stringify would give. Undefined when the call cannot use one (it is built whole).
   */
  prepare(call: ApiCall, eventId: string, now: number): PreparedRecord | undefined;
};

type Template = { parts: string[]; order: Field[]; keys: AuditKeys };
type Field = 'time' | 'request' | 'event';

/** Ids written into the text as they are: nothing JSON would escape. */
const PLAIN = /^[\w.:-]*$/;
/** Reads are small; a template per large request body would only fill memory. */
const MAX_BODY = 2048;

/**
 * Templates of read-only API-call records. A client reading the same secret with the same key
 * again makes records that differ only in eventTime, requestID and eventID, while building,
 * serialising and keying one costs the event loop ~10 µs, about 8% of a GetSecretValue (and
 * with the audit trail's goal of at most 10%, that mattered). A template is the record built by
 * `build` itself with unique markers in those three fields, cut at the markers: filling it is
 * three string joins. It is keyed by everything else the record is made of: the caller's key
 * and ARN, the operation, region, source address, user agent, the request bytes, and the ARN the
 * response starts with; a response that starts otherwise, an error, a write or a batch is built
 * whole, as is anything whose text would carry a marker more than once.
 */
export function createRecordTemplates(
  build: (call: ApiCall, eventId: string, now: number) => CloudTrailRecord,
  max = 10_000,
): RecordTemplates {
  const tag = randomBytes(9).toString('base64url');
  const MARK: Record<Field, string> = { time: `@t${tag}@`, request: `@r${tag}@`, event: `@e${tag}@` };
  const markers = new RegExp(`@([tre])${tag}@`, 'g');
  const fieldOf: Record<string, Field> = { t: 'time', r: 'request', e: 'event' };
  const cache = new Map<string, Template | null>();

  const make = (call: ApiCall, now: number): Template | null => {
    const r = build({ ...call, requestId: MARK.request }, MARK.event, now);
    r.eventTime = MARK.time;
    const text = JSON.stringify(r);
    const parts: string[] = [];
    const order: Field[] = [];
    let at = 0;
    for (const m of text.matchAll(markers)) {
      parts.push(text.slice(at, m.index));
      order.push(fieldOf[m[1]!]!);
      at = m.index + m[0].length;
    }
    parts.push(text.slice(at));
    const once = order.length === 3 && new Set(order).size === 3;
    return once ? { parts, order, keys: auditKeysOf(r) } : null;
  };

  return {
    prepare(call, eventId, now) {
      const c = call.caller;
      if (!c || call.error || call.operation === 'BatchGetSecretValue' || !isReadOnly(call.operation)) return undefined;
      if (!PLAIN.test(call.requestId) || !PLAIN.test(eventId)) return undefined;
      const arn = call.responseBody === undefined ? null : LEADING_ARN.exec(call.responseBody);
      const b = call.requestBody;
      if (!arn || (b?.byteLength ?? 0) > MAX_BODY) return undefined;
      const body = b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1') : '';
      const key = `${c.accessKeyId}\n${c.arn}\n${call.eventSource}\n${call.operation}\n${call.region}\n${call.sourceIp}\n${call.userAgent}\n${arn[1]}\n${body}`;
      let t = cache.get(key);
      if (t === undefined) {
        if (cache.size >= max) cache.clear();
        t = make(call, now);
        cache.set(key, t);
      }
      if (t === null) return undefined;
      const time = eventTimeOf(now);
      const value: Record<Field, string> = { time, request: call.requestId, event: eventId };
      let text = t.parts[0]!;
      for (let i = 0; i < t.order.length; i++) text += value[t.order[i]!] + t.parts[i + 1]!;
      return { text, keys: t.keys, eventTime: Math.floor(now / 1000) * 1000 };
    },
  };
}
