export type Tag = { Key: string; Value: string };

/** Tag rows; an empty key is a problem the caller shows (AWS refuses it too). */
export function tagsProblem(tags: Tag[]): string | undefined {
  if (tags.some((t) => t.Key.trim() === '')) return 'Every tag needs a key.';
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size !== tags.length) return 'Each tag key may appear once.';
  return undefined;
}

export function TagsEditor({ tags, onChange }: { tags: Tag[]; onChange(tags: Tag[]): void }) {
  const update = (i: number, patch: Partial<Tag>) => onChange(tags.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const problem = tagsProblem(tags);
  return (
    <div class="tags-editor">
      {tags.length === 0 && <p class="muted">No tags.</p>}
      {tags.length > 0 && (
        <table class="kv-table">
          <thead>
            <tr>
              <th scope="col">Tag key</th>
              <th scope="col">Tag value</th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((t, i) => (
              <tr key={i}>
                <td>
                  <input
                    class="input"
                    aria-label={`Tag key ${i + 1}`}
                    value={t.Key}
                    maxLength={128}
                    onInput={(e) => update(i, { Key: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    class="input"
                    aria-label={`Tag value ${i + 1}`}
                    value={t.Value}
                    maxLength={256}
                    onInput={(e) => update(i, { Value: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={`Remove tag ${i + 1}`}
                    onClick={() => onChange(tags.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="editor-footer">
        <button type="button" class="btn btn-small" onClick={() => onChange([...tags, { Key: '', Value: '' }])}>
          Add tag
        </button>
        {problem && <span class="field-error">{problem}</span>}
      </div>
    </div>
  );
}
