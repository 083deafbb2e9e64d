import { useState } from 'preact/hooks';
import { call } from '../../api';
import { Badge, ErrorBox, Loading, Notice, Unavailable } from '../../components/status';
import { formatDate, fromSeconds } from '../../lib/format';
import { useCan } from '../../lib/session';
import { useAction, useAsync } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';

type Version = { VersionId: string; VersionStages?: string[]; CreatedDate?: number; LastAccessedDate?: number };

const REMOVE = '';

/** Every version (deprecated ones too) with its staging labels, and moving a label between them. */
export function VersionsTab({ secret: s, reload }: TabProps) {
  const can = useCan();
  const versions = useAsync(
    () =>
      call<{ Versions: Version[] }>('ListSecretVersionIds', {
        SecretId: s.ARN,
        IncludeDeprecated: true,
        MaxResults: 100,
      }),
    [s],
  );
  const [label, setLabel] = useState('AWSCURRENT');
  const [target, setTarget] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!can('ListSecretVersionIds')) return <Unavailable what="Versions" />;

  const list = [...(versions.data?.Versions ?? [])].sort((a, b) => (b.CreatedDate ?? 0) - (a.CreatedDate ?? 0));
  const labels = [...new Set(['AWSCURRENT', 'AWSPREVIOUS', ...list.flatMap((v) => v.VersionStages ?? [])])];
  const holder = list.find((v) => v.VersionStages?.includes(label.trim()))?.VersionId;
  const to = target ?? list[0]?.VersionId ?? REMOVE;

  const move = (e: Event) => {
    e.preventDefault();
    const stage = label.trim();
    action.run(async () => {
      await call('UpdateSecretVersionStage', {
        SecretId: s.ARN,
        VersionStage: stage,
        ...(to !== REMOVE && { MoveToVersionId: to }),
        ...(holder && holder !== to && { RemoveFromVersionId: holder }),
      });
      setNotice(to === REMOVE ? `Removed ${stage} from version ${holder}.` : `Moved ${stage} to version ${to}.`);
      versions.reload();
      reload();
    });
  };

  return (
    <div class="card">
      <h2 class="card-title">Versions</h2>
      <ErrorBox error={versions.error} title="Could not list versions" />
      {versions.loading && !versions.data && <Loading label="Loading versions…" />}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Versions of {s.Name}</caption>
            <thead>
              <tr>
                <th scope="col">Version ID</th>
                <th scope="col">Staging labels</th>
                <th scope="col">Created</th>
                <th scope="col">Last retrieved</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.VersionId}>
                  <td class="mono">{v.VersionId}</td>
                  <td>
                    <span class="badges">
                      {(v.VersionStages ?? []).length === 0 && <span class="muted">deprecated</span>}
                      {(v.VersionStages ?? []).map((st) => (
                        <Badge
                          key={st}
                          kind={st === 'AWSCURRENT' ? 'success' : st === 'AWSPENDING' ? 'warning' : 'neutral'}
                        >
                          {st}
                        </Badge>
                      ))}
                    </span>
                  </td>
                  <td>{formatDate(fromSeconds(v.CreatedDate))}</td>
                  <td>{formatDate(fromSeconds(v.LastAccessedDate), false)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions.data && list.length === 0 && <p class="muted">This secret has no versions yet.</p>}
      {can('UpdateSecretVersionStage') && list.length > 0 && (
        <form class="subsection" onSubmit={move} aria-labelledby="move-label-title">
          <h3 id="move-label-title">Move a staging label</h3>
          <p class="muted small">
            A label is on at most one version. Moving AWSCURRENT changes the value everyone reads; AWSPREVIOUS then
            follows on its own.
          </p>
          <div class="form-grid">
            <label class="field">
              <span class="label">Label</span>
              <input
                class="input mono"
                aria-label="Label"
                aria-describedby="label-holder"
                list="known-labels"
                value={label}
                maxLength={256}
                onInput={(e) => setLabel(e.currentTarget.value)}
              />
              <datalist id="known-labels">
                {labels.map((l) => (
                  <option key={l} value={l} />
                ))}
              </datalist>
              <span class="hint" id="label-holder">
                {holder ? `Now on ${holder}` : 'Not on any version yet'}
              </span>
            </label>
            <label class="field">
              <span class="label">Move to version</span>
              <select
                class="input mono"
                aria-label="Move to version"
                value={to}
                onChange={(e) => setTarget(e.currentTarget.value)}
              >
                {list.map((v) => (
                  <option key={v.VersionId} value={v.VersionId}>
                    {v.VersionId}
                  </option>
                ))}
                <option value={REMOVE}>No version (remove the label)</option>
              </select>
            </label>
          </div>
          <Notice message={notice} />
          <ErrorBox error={action.error} title="Could not move the label" />
          <button type="submit" class="btn btn-primary" disabled={action.busy || label.trim() === ''}>
            {to === REMOVE ? 'Remove label' : 'Move label'}
          </button>
        </form>
      )}
    </div>
  );
}
