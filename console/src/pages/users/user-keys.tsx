import { useState } from 'preact/hooks';
import { call } from '../../api';
import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';
import { Badge, ErrorBox, Loading } from '../../components/status';
import { formatDate, fromMillis } from '../../lib/format';
import { useCan } from '../../lib/session';
import { useAction, useAsync } from '../../lib/use-async';

type Key = { AccessKeyId: string; Status: 'Active' | 'Inactive'; CreateDate: number };
type NewKey = { AccessKeyId: string; SecretAccessKey: string };

/** A user's access keys: create (the secret is shown once), activate, deactivate, delete. */
export function UserKeys({ user }: { user: string }) {
  const can = useCan();
  const keys = useAsync(
    () => call<{ AccessKeyMetadata: Key[] }>('ListAccessKeys', { UserName: user }, { service: 'iam' }),
    [user],
  );
  const [created, setCreated] = useState<NewKey>();
  const action = useAction();
  const iam = (op: string, input: Record<string, unknown>) =>
    call(op, { UserName: user, ...input }, { service: 'iam' });

  const create = () =>
    action.run(async () => {
      const r = await iam('CreateAccessKey', {});
      setCreated((r as { AccessKey: NewKey }).AccessKey);
      keys.reload();
    });
  const update = (k: Key) =>
    action.run(async () => {
      await iam('UpdateAccessKey', {
        AccessKeyId: k.AccessKeyId,
        Status: k.Status === 'Active' ? 'Inactive' : 'Active',
      });
      keys.reload();
    });
  const remove = (k: Key) =>
    action.run(async () => {
      await iam('DeleteAccessKey', { AccessKeyId: k.AccessKeyId });
      keys.reload();
    });

  const list = keys.data?.AccessKeyMetadata ?? [];
  return (
    <div class="card">
      <div class="card-head">
        <h3 class="card-title">Access keys</h3>
        {can('CreateAccessKey', 'iam') && (
          <button type="button" class="btn" onClick={create} disabled={action.busy}>
            Create access key
          </button>
        )}
      </div>
      <ErrorBox error={keys.error ?? action.error} />
      {keys.loading && !keys.data && <Loading />}
      {keys.data && list.length === 0 && <p class="muted">No access keys.</p>}
      {list.length > 0 && (
        <table class="table">
          <caption class="sr-only">Access keys of {user}</caption>
          <thead>
            <tr>
              <th scope="col">Access key ID</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr key={k.AccessKeyId}>
                <td class="mono">{k.AccessKeyId}</td>
                <td>
                  <Badge kind={k.Status === 'Active' ? 'success' : 'neutral'}>{k.Status}</Badge>
                </td>
                <td>{formatDate(fromMillis(k.CreateDate), false)}</td>
                <td class="button-row">
                  {can('UpdateAccessKey', 'iam') && (
                    <button type="button" class="btn btn-small" onClick={() => update(k)} disabled={action.busy}>
                      {k.Status === 'Active' ? 'Deactivate' : 'Activate'}
                    </button>
                  )}
                  {can('DeleteAccessKey', 'iam') && (
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      aria-label={`Delete access key ${k.AccessKeyId}`}
                      onClick={() => remove(k)}
                      disabled={action.busy}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={created !== undefined} title="New access key" onClose={() => setCreated(undefined)}>
        {created && (
          <div class="stack">
            <p class="alert alert-warning">
              This is the only time the secret access key is shown. Copy it now and hand it over safely.
            </p>
            <dl class="dl">
              <div class="dl-row">
                <dt>Access key ID</dt>
                <dd>
                  <code class="new-key-id">{created.AccessKeyId}</code> <CopyButton text={created.AccessKeyId} />
                </dd>
              </div>
              <div class="dl-row">
                <dt>Secret access key</dt>
                <dd>
                  <code class="wrap new-key-secret">{created.SecretAccessKey}</code>{' '}
                  <CopyButton text={created.SecretAccessKey} />
                </dd>
              </div>
            </dl>
            <button type="button" class="btn btn-primary" onClick={() => setCreated(undefined)}>
              I have saved the secret
            </button>
          </div>
        )}
      </Dialog>
    </div>
  );
}
