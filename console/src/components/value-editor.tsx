import { useEffect, useState } from 'preact/hooks';
import { byteLength, MAX_SECRET_BYTES, type Row, rowsOf, rowsProblem, textOf, textProblem } from '../lib/secret-value';

type Mode = 'kv' | 'text';

/**
 * The secret value editor: key/value rows (saved as a flat JSON object, as the AWS console
 * does) or plaintext, with JSON validation. `onChange` gets the text to store and, when it
 * cannot be saved, why.
 */
export function ValueEditor({
  initial,
  onChange,
  id,
}: {
  initial: string;
  onChange(text: string, problem: string | undefined): void;
  id: string;
}) {
  const initialRows = rowsOf(initial);
  const [mode, setMode] = useState<Mode>(initial === '' || initialRows ? 'kv' : 'text');
  const [rows, setRows] = useState<Row[]>(initialRows?.length ? initialRows : [{ key: '', value: '' }]);
  const [text, setText] = useState(initial);
  const [switchError, setSwitchError] = useState<string>();

  const current = mode === 'kv' ? textOf(rows) : text;
  const problem = mode === 'kv' ? rowsProblem(rows) : textProblem(text);
  const tooBig = byteLength(current) > MAX_SECRET_BYTES;
  useEffect(() => {
    onChange(current, problem ?? (tooBig ? `A secret value holds at most ${MAX_SECRET_BYTES} bytes.` : undefined));
  }, [current, problem, tooBig]);

  const toText = () => {
    setText(mode === 'kv' ? JSON.stringify(JSON.parse(textOf(rows)), null, 2) : text);
    setMode('text');
    setSwitchError(undefined);
  };
  const toRows = () => {
    const parsed = text.trim() === '' ? [] : rowsOf(text);
    if (!parsed) {
      setSwitchError('Only a flat JSON object (keys with text or number values) can be shown as key/value rows.');
      return;
    }
    setRows(parsed.length ? parsed : [{ key: '', value: '' }]);
    setMode('kv');
    setSwitchError(undefined);
  };
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div class="value-editor">
      <fieldset class="segmented">
        <legend class="sr-only">Value format</legend>
        <button type="button" class="seg" aria-pressed={mode === 'kv'} onClick={toRows}>
          Key/value
        </button>
        <button type="button" class="seg" aria-pressed={mode === 'text'} onClick={toText}>
          Plaintext
        </button>
      </fieldset>
      {switchError && (
        <p class="field-error" role="alert">
          {switchError}
        </p>
      )}
      {mode === 'kv' ? (
        <table class="kv-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>
                  <input
                    class="input"
                    aria-label={`Key ${i + 1}`}
                    value={r.key}
                    autocomplete="off"
                    spellcheck={false}
                    onInput={(e) => update(i, { key: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    class="input"
                    aria-label={`Value ${i + 1}`}
                    value={r.value}
                    autocomplete="off"
                    spellcheck={false}
                    onInput={(e) => update(i, { value: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={`Remove row ${i + 1}`}
                    disabled={rows.length === 1}
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <textarea
          id={`${id}-text`}
          class="input textarea mono"
          aria-label="Secret value (plaintext)"
          rows={8}
          spellcheck={false}
          autocomplete="off"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      )}
      <div class="editor-footer">
        {mode === 'kv' && (
          <button type="button" class="btn btn-small" onClick={() => setRows([...rows, { key: '', value: '' }])}>
            Add row
          </button>
        )}
        <span class={problem || tooBig ? 'field-error' : 'muted small'} aria-live="polite">
          {problem ??
            (tooBig
              ? `Too large: ${byteLength(current)} of ${MAX_SECRET_BYTES} bytes`
              : mode === 'text' && /^\s*[[{]/.test(text)
                ? 'Valid JSON'
                : `${byteLength(current)} of ${MAX_SECRET_BYTES} bytes`)}
        </span>
      </div>
    </div>
  );
}
