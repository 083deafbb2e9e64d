import { useState } from 'preact/hooks';
import { call, requestToken } from '../../api';
import { defaultRotation, RotationForm, rotateInput } from '../../components/rotation-form';
import { Badge, ErrorBox, Notice, Unavailable } from '../../components/status';
import { formatDate, fromSeconds } from '../../lib/format';
import { describeRules } from '../../lib/schedule';
import { useCan } from '../../lib/session';
import { useAction } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';
import { LastRotationRun } from './last-rotation-run';

/** Rotation configuration (RotateSecret), rotate now, cancel (CancelRotateSecret), dates and the last run. */
export function RotationTab({ secret: s, reload }: TabProps) {
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(() => defaultRotation(s.RotationLambdaARN, s.RotationRules));
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!can('RotateSecret')) return <Unavailable what="Rotation" />;
  const configured = s.RotationLambdaARN !== undefined;

  const rotate = (input: Record<string, unknown>, done: string) =>
    action.run(async () => {
      await call('RotateSecret', { SecretId: s.ARN, ClientRequestToken: requestToken(), ...input });
      setEditing(false);
      setNotice(done);
      reload();
    });
  const cancel = () =>
    action.run(async () => {
      await call('CancelRotateSecret', { SecretId: s.ARN });
      setNotice('Automatic rotation is off. A rotation in progress was cancelled.');
      reload();
    });

  return (
    <div class="card">
      <div class="card-head">
        <h2 class="card-title">Rotation configuration</h2>
        <div class="button-row">
          {!editing && (
            <button type="button" class="btn" onClick={() => setEditing(true)}>
              {configured ? 'Edit rotation' : 'Configure rotation'}
            </button>
          )}
          {!editing && configured && (
            <button type="button" class="btn" disabled={action.busy} onClick={() => rotate({}, 'Rotation started.')}>
              Rotate secret immediately
            </button>
          )}
          {!editing && s.RotationEnabled && can('CancelRotateSecret') && (
            <button type="button" class="btn btn-danger" disabled={action.busy} onClick={cancel}>
              Cancel rotation
            </button>
          )}
        </div>
      </div>
      <Notice message={notice} />
      <ErrorBox error={action.error} title="Rotation" />
      {!editing && (
        <dl class="dl">
          <div class="dl-row">
            <dt>Rotation status</dt>
            <dd>{s.RotationEnabled ? <Badge kind="success">Enabled</Badge> : <Badge>Disabled</Badge>}</dd>
          </div>
          <div class="dl-row">
            <dt>Rotation schedule</dt>
            <dd class="mono">{configured ? describeRules(s.RotationRules) : '—'}</dd>
          </div>
          <div class="dl-row">
            <dt>Rotation function</dt>
            <dd class="mono wrap">{s.RotationLambdaARN ?? '—'}</dd>
          </div>
          <div class="dl-row">
            <dt>Last rotated</dt>
            <dd>{formatDate(fromSeconds(s.LastRotatedDate))}</dd>
          </div>
          <div class="dl-row">
            <dt>Next rotation</dt>
            <dd>{formatDate(fromSeconds(s.NextRotationDate))}</dd>
          </div>
          <LastRotationRun secret={s} />
        </dl>
      )}
      {editing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            rotate(
              rotateInput(form),
              form.rotateImmediately ? 'Rotation configured and started.' : 'Rotation configured.',
            );
          }}
        >
          <RotationForm value={form} onChange={setForm} />
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={action.busy || form.functionArn.trim() === ''}>
              Save rotation
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
