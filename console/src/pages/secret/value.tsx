import { useState } from 'preact/hooks';
import { call, requestToken } from '../../api';
import { CopyButton } from '../../components/copy-button';
import { ErrorBox, Notice, Unavailable } from '../../components/status';
import { ValueEditor } from '../../components/value-editor';
import { rowsOf } from '../../lib/secret-value';
import { useCan } from '../../lib/session';
import { useAction } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';

type Value = { VersionId: string; VersionStages: string[]; SecretString?: string; SecretBinary?: string };

/**
 * The AWSCURRENT value, fetched only when asked for and kept only in this component's state
 * (gone when the tab closes); shown as a key/value table for flat JSON, as text otherwise.
 */
export function ValueTab({ secret: s, reload }: TabProps) {
  const can = useCan();
  const [value, setValue] = useState<Value>();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<{ text: string; problem?: string }>({ text: '' });
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!can('GetSecretValue')) return <Unavailable what="Retrieving secret values" />;

  const retrieve = () =>
    action.run(async () => {
      setNotice(undefined);
      setValue(await call<Value>('GetSecretValue', { SecretId: s.ARN }));
    });
  const save = () =>
    action.run(async () => {
      const r = await call<{ VersionId: string; VersionStages: string[] }>('PutSecretValue', {
        SecretId: s.ARN,
        SecretString: draft.text,
        ClientRequestToken: requestToken(),
      });
      setEditing(false);
      setValue(undefined);
      setNotice(`Saved. The new value is version ${r.VersionId} (${r.VersionStages.join(', ')}).`);
      reload();
    });

  const rows = value?.SecretString !== undefined ? rowsOf(value.SecretString) : undefined;
  return (
    <div class="card">
      <div class="card-head">
        <h2 class="card-title">Secret value</h2>
        <div class="button-row">
          {value && !editing && (
            <>
              {can('PutSecretValue') && value.SecretString !== undefined && (
                <button
                  type="button"
                  class="btn"
                  onClick={() => {
                    setDraft({ text: value.SecretString ?? '' });
                    setEditing(true);
                  }}
                >
                  Edit
                </button>
              )}
              <button type="button" class="btn" onClick={() => setValue(undefined)}>
                Hide value
              </button>
            </>
          )}
        </div>
      </div>
      <Notice message={notice} />
      <ErrorBox error={action.error} />
      {!value && (
        <div class="reveal">
          <p class="muted">
            The value stays hidden until you retrieve it. Retrieving it is recorded in the audit trail.
          </p>
          <button type="button" class="btn btn-primary" onClick={retrieve} disabled={action.busy}>
            {action.busy ? 'Retrieving…' : 'Retrieve secret value'}
          </button>
        </div>
      )}
      {value && !editing && (
        <>
          <p class="muted small">
            Version <code>{value.VersionId}</code> · {value.VersionStages.join(', ')}
          </p>
          {rows ? (
            <table class="table kv-view">
              <caption class="sr-only">Secret value as key/value pairs</caption>
              <thead>
                <tr>
                  <th scope="col">Secret key</th>
                  <th scope="col">Secret value</th>
                  <th scope="col">
                    <span class="sr-only">Copy</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" class="mono">
                      {r.key}
                    </th>
                    <td class="mono wrap secret-text">{r.value}</td>
                    <td>
                      <CopyButton text={r.value} label="Copy" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : value.SecretString !== undefined ? (
            <pre class="secret-text mono">{value.SecretString}</pre>
          ) : (
            <p>
              Binary value ({Math.floor(((value.SecretBinary?.length ?? 0) * 3) / 4)} bytes). It is copied
              base64-encoded.
            </p>
          )}
          <div class="button-row">
            <CopyButton text={value.SecretString ?? value.SecretBinary ?? ''} label="Copy the whole value" />
          </div>
        </>
      )}
      {value && editing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <p class="muted small">
            Saving stores a new version and moves AWSCURRENT to it (the old one becomes AWSPREVIOUS).
          </p>
          <ValueEditor
            id="edit-value"
            initial={value.SecretString ?? ''}
            onChange={(text, problem) => setDraft({ text, problem })}
          />
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={action.busy || draft.problem !== undefined}>
              Save new version
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
