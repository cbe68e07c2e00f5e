/**
 * Static files under one path prefix, as the local stack's stand-in for wherever static assets
 * live in AWS: the GraphQL explorer's bundle (dist/apps/explorer) at /explorer/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Invoke } from './router.ts';

const TYPES: Record<string, { type: string; binary: boolean }> = {
  '.js': { type: 'text/javascript; charset=utf-8', binary: false },
  '.css': { type: 'text/css; charset=utf-8', binary: false },
  '.txt': { type: 'text/plain; charset=utf-8', binary: false },
  '.ttf': { type: 'font/ttf', binary: true },
};

const notFound = (message: string) => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: message }),
});

/** `/<prefix>/<file>` → `<dir>/<file>`; only plain file names of known types, so no path leaves dir. */
export function serveAssets(prefix: string, dir: string, missingHint: string): Invoke {
  return async (event) => {
    const name = event.rawPath.slice(prefix.length + 2);
    const kind = TYPES[path.extname(name)];
    if (!event.rawPath.startsWith(`/${prefix}/`) || name.includes('/') || name.startsWith('.') || kind === undefined) {
      return notFound(`no asset ${event.rawPath}`);
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(path.join(dir, name));
    } catch {
      return notFound(fs.existsSync(dir) ? `no asset ${event.rawPath}` : `no asset ${event.rawPath}: ${missingHint}`);
    }
    return {
      statusCode: 200,
      headers: { 'content-type': kind.type, 'cache-control': 'no-cache' },
      body: bytes.toString(kind.binary ? 'base64' : 'utf8'),
      isBase64Encoded: kind.binary,
    };
  };
}
