import { useState } from 'preact/hooks';
import { call } from '../../api';
import { Dialog } from '../../components/dialog';
import { ErrorBox, Notice } from '../../components/status';
import { formatDate, fromSeconds } from '../../lib/format';
import { navigate } from '../../lib/router';
import type { SecretMeta } from '../../lib/secret-types';
import { useAction } from '../../lib/use-async';

/** Delete with a recovery window (7 to 30 days) or at once; restore while the window lasts. */
export function DeleteControls({
  secret: s,
  reload,
  canDelete,
  canRestore,
}: {
  secret: SecretMeta;
  reload(): void;
  canDelete: boolean;
  canRestore: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState(30);
  const [force, setForce] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [notice, setNotice] = useState<string>();
  const action = useAction();

  const restore = () =>
    action.run(async () => {
      await call('RestoreSecret', { SecretId: s.ARN });
      setNotice('Deletion cancelled: the secret is back in use.');
      reload();
    });
  const remove = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      const r = await call<{ DeletionDate?: number }>('DeleteSecret', {
        SecretId: s.ARN,
        ...(force ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: days }),
      });
      setOpen(false);
      if (force) return navigate('/secrets');
      setNotice(`Deletion scheduled for ${formatDate(fromSeconds(r.DeletionDate))}.`);
      reload();
    });
  };

  return (
    <>
      <Notice message={notice} />
      {s.DeletedDate !== undefined
        ? canRestore && (
            <button type="button" class="btn btn-primary" onClick={restore} disabled={action.busy}>
              Cancel deletion
            </button>
          )
        : canDelete && (
            <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
              Delete secret
            </button>
          )}
      {!open && <ErrorBox error={action.error} />}
      <Dialog open={open} title={`Delete ${s.Name}`} onClose={() => setOpen(false)}>
        <form onSubmit={remove}>
          <p>
            Applications that read this secret will fail once it is deleted. During the waiting period it can be
            restored; after it, the secret and every version are gone.
          </p>
          <label class="field">
            <span class="label">Waiting period (days)</span>
            <input
              class="input"
              type="number"
              min={7}
              max={30}
              value={days}
              disabled={force}
              onInput={(e) => setDays(Number(e.currentTarget.value))}
            />
            <span class="hint">7 to 30 days.</span>
          </label>
          <label class="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} />
            Delete at once, without a waiting period (cannot be undone)
          </label>
          {force && (
            <label class="field">
              <span class="label">Type the secret&apos;s name to confirm</span>
              <input class="input" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
            </label>
          )}
          <ErrorBox error={action.error} />
          <div class="button-row">
            <button type="submit" class="btn btn-danger" disabled={action.busy || (force && confirm !== s.Name)}>
              {force ? 'Delete now' : 'Schedule deletion'}
            </button>
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
