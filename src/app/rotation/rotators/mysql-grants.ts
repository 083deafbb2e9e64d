/**
 * Copying a MySQL/MariaDB user's grants to its clone, as the MultiUser template does with
 * SHOW GRANTS: each statement is replayed with the clone as grantee. Unlike the template's
 * split(' TO '), the grantee is matched exactly as the server prints it, so a user or database
 * name containing " TO " cannot misplace it, and WITH GRANT/ADMIN OPTION survives. Everything
 * else after the grantee (MariaDB's IDENTIFIED BY PASSWORD '<hash>', REQUIRE, resource limits)
 * is dropped: the clone gets its own password, and its TLS requirement is copied separately.
 */

const backtick = (s: string) => `\`${s.replaceAll('`', '``')}\``;
const singleQuoteDoubled = (s: string) => `'${s.replaceAll("'", "''")}'`;
const singleQuoteBackslashed = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The ways servers print an account in SHOW GRANTS: `u`@`h` (MariaDB, MySQL 8) or 'u'@'h' (5.7). */
export function granteeForms(user: string, host: string): string[] {
  const forms = [backtick, singleQuoteBackslashed, singleQuoteDoubled].map((q) => `${q(user)}@${q(host)}`);
  return [...new Set(forms)];
}

function replaceGrantee(statement: string, keyword: string, forms: string[], clone: string): string | undefined {
  for (const form of forms) {
    const marker = ` ${keyword} ${form}`;
    const at = statement.lastIndexOf(marker);
    if (at < 0) continue;
    const rest = statement.slice(at + marker.length);
    const option = /\bWITH GRANT OPTION\b/i.test(rest)
      ? ' WITH GRANT OPTION'
      : /\bWITH ADMIN OPTION\b/i.test(rest)
        ? ' WITH ADMIN OPTION'
        : '';
    return `${statement.slice(0, at)} ${keyword} ${clone}${option}`;
  }
  return undefined;
}

/**
 * The statement of SHOW GRANTS FOR <user>@<host> rewritten for `clone` (an already quoted
 * account, e.g. from the driver's escape). Undefined when the statement has an unknown shape.
 */
export function grantForClone(statement: string, user: string, host: string, clone: string): string | undefined {
  const forms = granteeForms(user, host);
  // MariaDB lists a user's default role as "SET DEFAULT ROLE `r` FOR `u`@`h`".
  if (/^SET DEFAULT ROLE /i.test(statement)) return replaceGrantee(statement, 'FOR', forms, clone);
  if (!/^GRANT /i.test(statement)) return undefined;
  return replaceGrantee(statement, 'TO', forms, clone);
}

/**
 * The REQUIRE clause reproducing a user's TLS requirement from its mysql.user columns
 * (the template's copy of ssl_type, ssl_cipher, x509_issuer, x509_subject), with `?`
 * placeholders for the values.
 */
export function requireClause(row: { sslType: string; cipher: string; issuer: string; subject: string }): {
  sql: string;
  values: string[];
} {
  switch (row.sslType.toUpperCase()) {
    case '':
      return { sql: 'REQUIRE NONE', values: [] };
    case 'ANY':
      return { sql: 'REQUIRE SSL', values: [] };
    case 'X509':
      return { sql: 'REQUIRE X509', values: [] };
    default: {
      const parts: [string, string][] = [
        ['CIPHER', row.cipher],
        ['ISSUER', row.issuer],
        ['SUBJECT', row.subject],
      ];
      const set = parts.filter(([, v]) => v !== '');
      if (set.length === 0) return { sql: 'REQUIRE SSL', values: [] };
      return { sql: `REQUIRE ${set.map(([k]) => `${k} ?`).join(' AND ')}`, values: set.map(([, v]) => v) };
    }
  }
}
