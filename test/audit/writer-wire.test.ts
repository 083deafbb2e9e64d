import { describe, expect, it } from 'vitest';
import { type AuditDraft, chainHash } from '../../src/storage/audit-ports.js';
import { packDrafts, packLinks, unpackDrafts, unpackLinks } from '../../src/storage/sqlite/audit-writer-wire.js';

const draft = (i: number, over: Partial<AuditDraft['keys']> = {}): AuditDraft => ({
  eventId: `e-${i}`,
  eventTime: 1_700_000_000_000 + i,
  // Text the packing must not split on: newlines, quotes, and characters outside the BMP.
  record: `{"i":${i},"note":"a\\nb \\"q\\" 🔐 é"}\n${'x'.repeat(i)}`,
  keys: {
    accountId: '111122223333',
    region: 'eu-west-1',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: i % 2 ? 'GetSecretValue' : 'PutSecretValue',
    readOnly: i % 2 === 1,
    resources: [{ type: 'AWS::SecretsManager::Secret', name: `app/${i}` }],
    ...over,
  },
  deliverTo: i === 2 ? ['sub-1', 'sub-2'] : [],
});

describe('audit writer thread messages', () => {
  it('carries drafts across whole, optional keys absent rather than undefined', () => {
    const drafts = [draft(1, { username: 'alice', accessKeyId: 'AKIAALICE' }), draft(2), draft(3, { resources: [] })];
    const back = unpackDrafts(structuredClone(packDrafts(drafts)));
    expect(back).toStrictEqual(drafts);
    expect('username' in back[1]!.keys).toBe(false);
  });

  it('rebuilds every entry of a batch from the first link and the hashes', () => {
    const drafts = [draft(1), draft(2), draft(3)];
    let prevHash = 'f'.repeat(64);
    let prevEventId = 'e-0';
    const entries = drafts.map((d, i) => {
      const seq = 41 + i;
      const hash = chainHash(seq, d.eventId, prevEventId, prevHash, d.record);
      const e = {
        seq,
        eventId: d.eventId,
        eventTime: d.eventTime,
        record: d.record,
        keys: d.keys,
        prevEventId,
        prevHash,
        hash,
      };
      prevHash = hash;
      prevEventId = d.eventId;
      return e;
    });
    expect(unpackLinks(drafts, structuredClone(packLinks(entries)))).toStrictEqual(entries);
    expect(packLinks([])).toEqual({ seq: 0, prevEventId: '', prevHash: '', hashes: '' });
  });
});
