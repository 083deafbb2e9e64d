import { call } from '../../api';
import { CopyButton } from '../../components/copy-button';
import { EditableField } from '../../components/editable-field';
import { KeyOptions } from '../../components/key-options';
import { formatDate, fromSeconds } from '../../lib/format';
import { useCan } from '../../lib/session';
import type { TabProps } from '../secret-detail';

const DEFAULT_KEY = 'aws/secretsmanager';

/** ARN, description, encryption key and dates; description and key can be edited (UpdateSecret). */
export function Overview({ secret: s, reload }: TabProps) {
  const can = useCan();
  const update = async (patch: Record<string, string>) => {
    const r = await call('UpdateSecret', { SecretId: s.ARN, ...patch });
    reload();
    return r;
  };
  const editable = can('UpdateSecret') && s.DeletedDate === undefined;
  const dates: [string, number | undefined][] = [
    ['Created', s.CreatedDate],
    ['Last changed', s.LastChangedDate],
    ['Last retrieved (day)', s.LastAccessedDate],
    ['Last rotated', s.LastRotatedDate],
    ['Next rotation', s.NextRotationDate],
    ['Deletion requested', s.DeletedDate],
  ];
  return (
    <div class="card">
      <h2 class="card-title">Secret details</h2>
      <dl class="dl">
        <div class="dl-row">
          <dt>Secret name</dt>
          <dd>{s.Name}</dd>
        </div>
        <div class="dl-row">
          <dt>Secret ARN</dt>
          <dd>
            <code class="wrap">{s.ARN}</code> <CopyButton text={s.ARN} label="Copy ARN" />
          </dd>
        </div>
        <EditableField
          label="Description"
          value={s.Description ?? ''}
          placeholder="No description"
          disabled={!editable}
          multiline
          onSave={(v) => update({ Description: v })}
        />
        <EditableField
          label="Encryption key"
          value={s.KmsKeyId ?? ''}
          display={s.KmsKeyId ?? `${DEFAULT_KEY} (default)`}
          placeholder={`Key ID, alias or ARN; empty for ${DEFAULT_KEY}`}
          disabled={!editable}
          list="overview-keys"
          onSave={(v) => update({ KmsKeyId: v || DEFAULT_KEY })}
        />
        {editable && <KeyOptions id="overview-keys" />}
        {s.PrimaryRegion && (
          <div class="dl-row">
            <dt>Primary region</dt>
            <dd>{s.PrimaryRegion}</dd>
          </div>
        )}
        {s.OwningService && (
          <div class="dl-row">
            <dt>Managed by</dt>
            <dd>{s.OwningService}</dd>
          </div>
        )}
        {dates
          .filter(([, v]) => v !== undefined)
          .map(([label, v]) => (
            <div class="dl-row" key={label}>
              <dt>{label}</dt>
              <dd>{formatDate(fromSeconds(v), !label.includes('(day)'))}</dd>
            </div>
          ))}
      </dl>
    </div>
  );
}
