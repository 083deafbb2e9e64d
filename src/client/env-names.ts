/**
 * Environment variable names for secrets, as the aws-secretsmanager-get-secrets GitHub action
 * makes them (catalog §7.5): the secret's name (ARNs lose their prefix and 6-character suffix),
 * every character other than a letter, digit or underscore becomes '_', a leading digit gets a
 * '_' prefix, then upper-case (default), lower-case or unchanged.
 */
export type NameTransformation = 'uppercase' | 'lowercase' | 'none';

const ARN_NAME = /^arn:[^:]+:secretsmanager:[^:]*:\d{12}:secret:(.+?)(-[A-Za-z0-9]{6})?$/;

export function secretNameOf(secretId: string): string {
  const m = ARN_NAME.exec(secretId);
  return m ? m[1]! : secretId;
}

export function envName(raw: string, t: NameTransformation = 'uppercase'): string {
  let name = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return t === 'uppercase' ? name.toUpperCase() : t === 'lowercase' ? name.toLowerCase() : name;
}

/** `ALIAS,secret-id` → alias and id; a blank alias (`,id`) is kept as ''. Aliases: A-Z, 0-9, _. */
export function parseSecretSpec(spec: string): { alias?: string; secretId: string } {
  const comma = spec.indexOf(',');
  if (comma < 0) return { secretId: spec.trim() };
  const alias = spec.slice(0, comma).trim();
  if (alias && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias))
    throw new Error(`invalid alias '${alias}': use letters, digits and _`);
  return { alias, secretId: spec.slice(comma + 1).trim() };
}

/** Flattens a parsed JSON secret into NAME_KEY variables (nested objects joined with '_'). */
export function flattenJson(prefix: string, value: unknown, t: NameTransformation, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      flattenJson(prefix ? `${prefix}_${envName(k, t)}` : envName(k, t), v, t, out);
    }
    return;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (out.has(prefix)) throw new Error(`environment variable name collision: ${prefix}`);
  out.set(prefix, text);
}

export type SecretForEnv = { secretId: string; name: string; alias?: string; value: string };

/**
 * Builds the environment for a set of fetched secrets. JSON objects expand into one variable per
 * key when `parseJson` is on; any two secrets or keys mapping to one name is an error (the
 * action fails rather than silently overwrite).
 */
export function buildEnv(
  secrets: SecretForEnv[],
  o: { parseJson: boolean; transformation?: NameTransformation },
): Map<string, string> {
  const t = o.transformation ?? 'uppercase';
  const out = new Map<string, string>();
  for (const s of secrets) {
    const base = s.alias ? s.alias : s.alias === '' && o.parseJson ? '' : envName(s.name, t);
    let parsed: unknown;
    if (o.parseJson) {
      try {
        parsed = JSON.parse(s.value);
      } catch {
        parsed = undefined;
      }
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      flattenJson(base, parsed, t, out);
    } else {
      const name = base || envName(s.name, t);
      if (out.has(name)) throw new Error(`environment variable name collision: ${name}`);
      out.set(name, s.value);
    }
  }
  return out;
}
