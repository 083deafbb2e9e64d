import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { SECURITY_HEADERS } from './http-headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

type File = { body: Buffer; type: string; immutable: boolean };

/**
 * Only the files the build produced are served, looked up in a table made from the build
 * directory: a request path is never joined onto the file system, so no `..` can escape it.
 * Vite names assets by content hash, so those may be cached for good; index.html must not be.
 */
function scan(dir: string): Map<string, File> {
  const files = new Map<string, File>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && TYPES[extname(entry.name)]) {
        const path = relative(dir, full).split(sep).join('/');
        files.set(path, {
          body: readFileSync(full),
          type: TYPES[extname(entry.name)]!,
          immutable: path.startsWith('assets/'),
        });
      }
    }
  };
  walk(dir);
  return files;
}

const NOT_BUILT =
  '<!doctype html><title>Strongroom console</title><p>The console has not been built on this server: run <code>npm run build</code> and restart.</p>';

export function createStaticFiles(dir: string) {
  let files: Map<string, File> | undefined;
  const table = () => {
    if (!files && existsSync(join(dir, 'index.html'))) files = scan(dir);
    return files;
  };

  const send = (req: IncomingMessage, res: ServerResponse, f: File, status = 200) => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': f.type,
      'content-length': f.body.length,
      'cache-control': f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : f.body);
  };

  /** GET /console/<path>: a built file, or the page itself for the page's own routes. */
  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const t = table();
    if (!t) {
      send(req, res, { body: Buffer.from(NOT_BUILT), type: TYPES['.html']!, immutable: false }, 503);
      return;
    }
    // Screens (/console/secrets, /console/audit, …) are the page's; a missing asset is a 404.
    const file = t.get(path) ?? (!path.startsWith('assets/') && extname(path) === '' ? t.get('index.html') : undefined);
    if (file) send(req, res, file);
    else send(req, res, { body: Buffer.from('Not Found'), type: TYPES['.txt']!, immutable: false }, 404);
  };
}
