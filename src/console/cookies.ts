import type { IncomingMessage } from 'node:http';

/** The session cookie: scoped to the console's path, invisible to scripts, never sent cross-site. */
export const SESSION_COOKIE = 'strongroom_console';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const attributes = (secure: boolean) => `Path=/console; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

/** No Max-Age: the cookie ends with the browser; the server enforces the idle and absolute limits. */
export const sessionCookie = (id: string, secure: boolean): string => `${SESSION_COOKIE}=${id}; ${attributes(secure)}`;

export const clearedSessionCookie = (secure: boolean): string => `${SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`;
