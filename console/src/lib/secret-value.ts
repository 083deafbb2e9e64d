/** How a secret string shows: a flat JSON object of scalars as key/value rows, anything else as text. */
export type Row = { key: string; value: string };

export const MAX_SECRET_BYTES = 65_536;

export function rowsOf(text: string): Row[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const rows: Row[] = [];
  for (const [key, v] of Object.entries(parsed)) {
    if (typeof v === 'object' && v !== null) return undefined;
    rows.push({ key, value: String(v) });
  }
  return rows;
}

/** Rows as the JSON the AWS console writes (compact); rows with neither key nor value are skipped. */
export const textOf = (rows: Row[]): string =>
  JSON.stringify(Object.fromEntries(rows.filter((r) => r.key !== '' || r.value !== '').map((r) => [r.key, r.value])));

/** Why rows cannot be saved, or undefined. */
export function rowsProblem(rows: Row[]): string | undefined {
  const used = rows.filter((r) => r.key !== '' || r.value !== '');
  if (used.some((r) => r.key.trim() === '')) return 'Every row needs a key.';
  const keys = new Set<string>();
  for (const r of used) {
    if (keys.has(r.key)) return `The key "${r.key}" appears twice.`;
    keys.add(r.key);
  }
  return undefined;
}

/** Text that looks like JSON must be JSON: a stray brace is nearly always a mistake. */
export function textProblem(text: string): string | undefined {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      JSON.parse(t);
    } catch (e) {
      return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return undefined;
}

export const byteLength = (s: string): number => new TextEncoder().encode(s).length;

export function valueProblem(text: string): string | undefined {
  if (byteLength(text) > MAX_SECRET_BYTES) return `A secret value holds at most ${MAX_SECRET_BYTES} bytes.`;
  return textProblem(text);
}
