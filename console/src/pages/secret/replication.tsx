import { useState } from 'preact/hooks';
import { call } from '../../api';
import { KeyOptions } from '../../components/key-options';
import { Badge, ErrorBox, Notice, Unavailable } from '../../components/status';
import { formatDate, fromSeconds } from '../../lib/format';
import { REGIONS } from '../../lib/regions';
import { useCan, useSession } from '../../lib/session';
import { useAction } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';

const STATUS_KIND: Record<string, string> = { InSync: 'success', Failed: 'danger', InProgress: 'info' };

/** Replicas: add regions, remove them; on a replica, promote it to a standalone secret. */
export function ReplicationTab({ secret: s, reload }: TabProps) {
  const can = useCan();
  const { region } = useSession();
  const replicas = s.ReplicationStatus ?? [];
  const free = REGIONS.filter((r) => r !== region && !replicas.some((x) => x.Region === r));
  const [add, setAdd] = useState<{ region: string; kms: string; overwrite: boolean }>({
    region: free[0] ?? '',
    kms: '',
    overwrite: false,
  });
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!can('ReplicateSecretToRegions')) return <Unavailable what="Replication" />;
  const isReplica = s.PrimaryRegion !== undefined && s.PrimaryRegion !== region;

  const run = (op: string, input: Record<string, unknown>, done: string) =>
    action.run(async () => {
      await call(op, { SecretId: s.ARN, ...input });
      setNotice(done);
      reload();
    });

  if (isReplica) {
    return (
      <div class="card">
        <h2 class="card-title">Replication</h2>
        <p>
          This secret is a replica of the secret in <strong>{s.PrimaryRegion}</strong>. Its value follows the primary.
        </p>
        <Notice message={notice} />
        <ErrorBox error={action.error} />
        {can('StopReplicationToReplica') && (
          <button
            type="button"
            class="btn btn-primary"
            disabled={action.busy}
            onClick={() => run('StopReplicationToReplica', {}, 'This secret is now a standalone secret.')}
          >
            Promote to standalone secret
          </button>
        )}
      </div>
    );
  }

  return (
    <div class="card">
      <h2 class="card-title">Replication</h2>
      <Notice message={notice} />
      <ErrorBox error={action.error} />
      {replicas.length === 0 ? (
        <p class="muted">This secret is not replicated to other regions.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Replica regions</caption>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <th scope="col">Encryption key</th>
                <th scope="col">Last retrieved</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {replicas.map((r) => (
                <tr key={r.Region}>
                  <td>{r.Region}</td>
                  <td>
                    <Badge kind={STATUS_KIND[r.Status ?? ''] ?? 'neutral'}>{r.Status ?? 'Unknown'}</Badge>
                    {r.StatusMessage && <span class="block muted small">{r.StatusMessage}</span>}
                  </td>
                  <td class="mono">{r.KmsKeyId ?? 'aws/secretsmanager'}</td>
                  <td>{formatDate(fromSeconds(r.LastAccessedDate), false)}</td>
                  <td>
                    {can('RemoveRegionsFromReplication') && (
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        aria-label={`Remove replica in ${r.Region}`}
                        disabled={action.busy}
                        onClick={() =>
                          run(
                            'RemoveRegionsFromReplication',
                            { RemoveReplicaRegions: [r.Region] },
                            `The replica in ${r.Region} is removed.`,
                          )
                        }
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        class="subsection"
        onSubmit={(e) => {
          e.preventDefault();
          run(
            'ReplicateSecretToRegions',
            {
              AddReplicaRegions: [{ Region: add.region, ...(add.kms.trim() && { KmsKeyId: add.kms.trim() }) }],
              ForceOverwriteReplicaSecret: add.overwrite,
            },
            `Replication to ${add.region} started.`,
          );
        }}
      >
        <h3>Replicate to another region</h3>
        <div class="form-grid">
          <label class="field">
            <span class="label">Region</span>
            <select
              class="input"
              aria-label="Region"
              value={add.region}
              onChange={(e) => setAdd({ ...add, region: e.currentTarget.value })}
            >
              {free.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="label">Encryption key (optional)</span>
            <input
              class="input mono"
              list="replica-keys"
              value={add.kms}
              placeholder="aws/secretsmanager"
              onInput={(e) => setAdd({ ...add, kms: e.currentTarget.value })}
            />
            <KeyOptions id="replica-keys" region={add.region} />
          </label>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={add.overwrite}
            onChange={(e) => setAdd({ ...add, overwrite: e.currentTarget.checked })}
          />
          Overwrite a secret with the same name in that region
        </label>
        <button type="submit" class="btn btn-primary" disabled={action.busy || !add.region}>
          Add replica region
        </button>
      </form>
    </div>
  );
}
