import { formatDate, fromSeconds } from '../lib/format';
import type { SecretMeta } from '../lib/secret-types';
import { Badge } from './status';

/** Rotation, replication and deletion at a glance. */
export function SecretBadges({ s, region }: { s: SecretMeta; region: string }) {
  const replicas = s.ReplicationStatus ?? [];
  const failed = replicas.some((r) => r.Status === 'Failed');
  return (
    <span class="badges">
      {s.DeletedDate !== undefined && (
        <Badge kind="danger">Scheduled for deletion since {formatDate(fromSeconds(s.DeletedDate), false)}</Badge>
      )}
      {s.RotationEnabled && <Badge kind="info">Rotation on</Badge>}
      {s.RotationEnabled === false && <Badge>Rotation off</Badge>}
      {replicas.length > 0 && (
        <Badge kind={failed ? 'warning' : 'neutral'}>
          Replicated to {replicas.length} {replicas.length === 1 ? 'region' : 'regions'}
          {failed ? ' (failed)' : ''}
        </Badge>
      )}
      {s.PrimaryRegion && s.PrimaryRegion !== region && <Badge kind="neutral">Replica of {s.PrimaryRegion}</Badge>}
      {s.OwningService && <Badge>Managed by {s.OwningService}</Badge>}
    </span>
  );
}
