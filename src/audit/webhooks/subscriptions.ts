import type { AuditStore } from '../../storage/audit-ports.js';
import type { CloudTrailRecord } from '../record.js';
import { envelopeOf } from './envelope.js';
import { matches, type Pattern, parsePattern } from './pattern.js';

export type SubscriptionMatcher = {
  /** Ids of the subscriptions whose pattern matches the record's EventBridge envelope. */
  match(r: CloudTrailRecord): string[];
  /** Whether there is no subscription at all (nothing can match). */
  none(): boolean;
  /** Re-reads subscriptions (the CLI adds them to the database while the server runs). */
  refresh(): Promise<void>;
};

/**
 * Subscriptions cached in memory: matching runs on the request path, so it must not query.
 * A pattern stored by an older or broken writer that no longer parses matches nothing.
 */
export function createSubscriptionMatcher(
  store: Pick<AuditStore, 'listAuditSubscriptions'>,
  onBadPattern: (id: string, error: string) => void,
): SubscriptionMatcher {
  let compiled: { id: string; pattern: Pattern }[] = [];
  return {
    match(r) {
      if (compiled.length === 0) return [];
      const envelope = envelopeOf(r);
      return compiled.filter((s) => matches(s.pattern, envelope)).map((s) => s.id);
    },
    none: () => compiled.length === 0,
    async refresh() {
      const next: { id: string; pattern: Pattern }[] = [];
      for (const s of await store.listAuditSubscriptions()) {
        try {
          next.push({ id: s.id, pattern: parsePattern(s.pattern) });
        } catch (e) {
          onBadPattern(s.id, (e as Error).message);
        }
      }
      compiled = next;
    },
  };
}
