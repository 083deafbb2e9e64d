import { useState } from 'preact/hooks';
import { useAction } from '../lib/use-async';
import { ErrorBox } from './status';

/** A value shown in a definition list with an Edit button that turns it into a small form. */
export function EditableField({
  label,
  value,
  placeholder,
  display,
  onSave,
  disabled,
  multiline,
  list,
}: {
  label: string;
  value: string;
  placeholder?: string;
  display?: string;
  onSave(v: string): Promise<unknown>;
  disabled?: boolean;
  multiline?: boolean;
  /** A datalist's id, for suggestions. */
  list?: string;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const action = useAction();
  const id = `edit-${label.toLowerCase().replace(/\W+/g, '-')}`;
  if (!editing) {
    return (
      <div class="dl-row">
        <dt>{label}</dt>
        <dd>
          <span class={value ? '' : 'muted'}>{display ?? (value || placeholder || '—')}</span>{' '}
          {!disabled && (
            <button
              type="button"
              class="btn btn-small"
              aria-label={`Edit ${label.toLowerCase()}`}
              onClick={() => {
                setDraft(value);
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
        </dd>
      </div>
    );
  }
  const save = async (e: Event) => {
    e.preventDefault();
    const ok = await action.run(async () => {
      await onSave(draft);
      return true;
    });
    if (ok) setEditing(false);
  };
  return (
    <div class="dl-row">
      <dt>
        <label for={id}>{label}</label>
      </dt>
      <dd>
        <form class="inline-form" onSubmit={save}>
          {multiline ? (
            <textarea
              id={id}
              class="input textarea"
              rows={3}
              value={draft}
              placeholder={placeholder}
              onInput={(e) => setDraft(e.currentTarget.value)}
            />
          ) : (
            <input
              id={id}
              class="input"
              list={list}
              value={draft}
              placeholder={placeholder}
              onInput={(e) => setDraft(e.currentTarget.value)}
            />
          )}
          <div class="button-row">
            <button type="submit" class="btn btn-primary btn-small" disabled={action.busy}>
              Save
            </button>
            <button type="button" class="btn btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <ErrorBox error={action.error} />
        </form>
      </dd>
    </div>
  );
}
