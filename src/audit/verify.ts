import { type AuditEntry, type AuditReads, chainHash, GENESIS_HASH } from '../storage/audit-ports.js';
import { checkpointMac } from './checkpoint.js';
import { auditKeysOf } from './keys-of.js';
import type { CloudTrailRecord } from './record.js';

export type TamperKind = 'changed' | 'removed' | 'inserted' | 'reordered' | 'checkpoint';

/** The first problem found: where (sequence number) and which record (eventID) if known. */
export type VerifyProblem = { kind: TamperKind; seq: number; eventId?: string; message: string };

export type VerifyReport = {
  ok: boolean;
  records: number;
  checkpoints: number;
  /** False when no root key was available: checkpoint signatures were not checked. */
  signaturesChecked: boolean;
  problem?: VerifyProblem;
};

type Reader = Pick<
  AuditReads,
  'readAudit' | 'auditEntryById' | 'auditEntryAt' | 'listAuditCheckpoints' | 'auditIndexMismatch'
>;

const selfOk = (e: AuditEntry, seq = e.seq) =>
  chainHash(seq, e.eventId, e.prevEventId, e.prevHash, e.record) === e.hash;

/** The position an entry was written at: one past its predecessor's (followed back while moved). */
async function originalSeq(r: Reader, e: AuditEntry, depth = 0): Promise<number | undefined> {
  if (selfOk(e)) return e.seq;
  if (e.prevEventId === '') return 1;
  if (depth > 64) return undefined;
  const pred = await r.auditEntryById(e.prevEventId);
  const p = pred ? await originalSeq(r, pred, depth + 1) : undefined;
  return p === undefined ? undefined : p + 1;
}

const sameKeys = (e: AuditEntry): boolean => {
  try {
    const rec = JSON.parse(e.record) as CloudTrailRecord;
    const k = auditKeysOf(rec);
    const names = (x: AuditEntry['keys']) => JSON.stringify(x.resources.map((r) => `${r.type} ${r.name}`).sort());
    return (
      rec.eventID === e.eventId &&
      Date.parse(rec.eventTime) === e.eventTime &&
      k.accountId === e.keys.accountId &&
      k.region === e.keys.region &&
      k.eventSource === e.keys.eventSource &&
      k.eventName === e.keys.eventName &&
      k.readOnly === e.keys.readOnly &&
      k.username === e.keys.username &&
      k.accessKeyId === e.keys.accessKeyId &&
      names(k) === names(e.keys)
    );
  } catch {
    return false;
  }
};

/** Classifies an entry whose own hash does not verify at its position. */
async function diagnose(r: Reader, e: AuditEntry): Promise<VerifyProblem> {
  if (e.prevEventId !== '' && !(await r.auditEntryById(e.prevEventId))) {
    return {
      kind: 'removed',
      seq: e.seq,
      eventId: e.prevEventId,
      message: `record ${e.prevEventId}, written just before the one now at seq ${e.seq}, was removed`,
    };
  }
  const orig = await originalSeq(r, e);
  if (orig !== undefined && orig !== e.seq && selfOk(e, orig)) {
    return {
      kind: 'reordered',
      seq: e.seq,
      eventId: e.eventId,
      message: `record ${e.eventId} was written at seq ${orig} but is now at seq ${e.seq}`,
    };
  }
  return {
    kind: 'changed',
    seq: e.seq,
    eventId: e.eventId,
    message: `record ${e.eventId} at seq ${e.seq} was changed`,
  };
}

type Walk = { count: number; problem?: VerifyProblem };

/** Walks the chain in order and returns the first break. */
async function walkChain(r: Reader, pageSize: number): Promise<Walk> {
  let expect = 1;
  let prevHash = GENESIS_HASH;
  let prevId = '';
  let prevPrevId: string | undefined;
  let count = 0;
  for (let page = await r.readAudit(0, pageSize); page.length > 0; page = await r.readAudit(expect - 1, pageSize)) {
    for (const e of page) {
      if (!selfOk(e)) return { count, problem: await diagnose(r, e) };
      if (e.seq !== expect) {
        const eventId = e.prevEventId !== prevId ? e.prevEventId : undefined;
        const message = `${e.seq - expect === 1 ? `seq ${expect} is` : `seqs ${expect}..${e.seq - 1} are`} missing${eventId ? ` (record ${eventId})` : ''}`;
        return { count, problem: { kind: 'removed', seq: expect, ...(eventId && { eventId }), message } };
      }
      if (e.prevHash !== prevHash) {
        if (e.prevEventId === prevId) {
          const message = `record ${prevId} at seq ${e.seq - 1} was changed (its hash no longer links to seq ${e.seq})`;
          return { count, problem: { kind: 'changed', seq: e.seq - 1, eventId: prevId, message } };
        }
        if (prevPrevId !== undefined && e.prevEventId === prevPrevId) {
          return {
            count,
            problem: {
              kind: 'inserted',
              seq: e.seq - 1,
              eventId: prevId,
              message: `record ${prevId} at seq ${e.seq - 1} was inserted`,
            },
          };
        }
        return {
          count,
          problem: {
            kind: 'inserted',
            seq: e.seq,
            eventId: e.eventId,
            message: `record ${e.eventId} at seq ${e.seq} does not belong to this chain`,
          },
        };
      }
      if (!sameKeys(e)) {
        return {
          count,
          problem: {
            kind: 'changed',
            seq: e.seq,
            eventId: e.eventId,
            message: `the lookup columns of record ${e.eventId} at seq ${e.seq} were changed`,
          },
        };
      }
      prevPrevId = prevId;
      prevHash = e.hash;
      prevId = e.eventId;
      expect = e.seq + 1;
      count += 1;
    }
  }
  return { count };
}

/** Checks the signed checkpoints against the chain: catches a chain recomputed after a change. */
async function checkCheckpoints(
  r: Reader,
  key: Uint8Array | undefined,
  head: number,
): Promise<{ n: number; problem?: VerifyProblem }> {
  const cps = await r.listAuditCheckpoints();
  let prevMac = '';
  for (const [i, c] of cps.entries()) {
    const fail = (message: string, seq = c.upToSeq): { n: number; problem: VerifyProblem } => ({
      n: cps.length,
      problem: { kind: 'checkpoint', seq, message },
    });
    if (c.n !== i + 1) return fail(`checkpoint ${i + 1} is missing`);
    if (c.prevMac !== prevMac || (key && checkpointMac(key, c) !== c.mac))
      return fail(`checkpoint ${c.n} was changed or forged`);
    if (c.upToSeq > head) {
      return {
        n: cps.length,
        problem: {
          kind: 'removed',
          seq: head + 1,
          message: `records ${head + 1}..${c.upToSeq}, signed by checkpoint ${c.n}, were removed`,
        },
      };
    }
    const e = await r.auditEntryAt(c.upToSeq);
    if (!e || e.hash !== c.upToHash) {
      return {
        n: cps.length,
        problem: {
          kind: 'changed',
          seq: c.upToSeq,
          ...(e && { eventId: e.eventId }),
          message: `the chain up to seq ${c.upToSeq} was rewritten: it no longer matches signed checkpoint ${c.n}`,
        },
      };
    }
    prevMac = c.mac;
  }
  return { n: cps.length };
}

/** A lookup index that no longer matches its records would hide them from LookupEvents. */
async function checkIndex(r: Reader): Promise<VerifyProblem | undefined> {
  const seq = await r.auditIndexMismatch?.();
  if (seq === undefined) return undefined;
  const e = await r.auditEntryAt(seq);
  const name = e ? `record ${e.eventId}` : 'a record';
  return {
    kind: 'changed',
    seq,
    ...(e && { eventId: e.eventId }),
    message: `the resource index entries of ${name} at seq ${seq} were changed`,
  };
}

/**
 * `strongroom audit verify`: walks the whole chain (read-only) and reports the first record that
 * was changed, removed, inserted or reordered, then checks the signed checkpoints. Without the
 * root key (`key` undefined) the checkpoints' signatures cannot be checked, only their links.
 */
export async function verifyAuditTrail(r: Reader, key: Uint8Array | undefined, pageSize = 1000): Promise<VerifyReport> {
  const walk = await walkChain(r, pageSize);
  const base = { records: walk.count, signaturesChecked: key !== undefined };
  if (walk.problem) return { ok: false, checkpoints: 0, ...base, problem: walk.problem };
  const indexProblem = await checkIndex(r);
  if (indexProblem) return { ok: false, checkpoints: 0, ...base, problem: indexProblem };
  const cp = await checkCheckpoints(r, key, walk.count);
  return { ok: cp.problem === undefined, checkpoints: cp.n, ...base, ...(cp.problem && { problem: cp.problem }) };
}
