/**
 * Bundles the GraphQL explorer (apps/explorer) for the browser: dist/apps/explorer/explorer.js,
 * explorer.css, Monaco's three workers and its font. A static asset of its own, served by the
 * local stack at /explorer/ (and by whatever hosts it in AWS), never part of the gateway's bundle.
 * Usage: tsx tools/bundle/explorer.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXPLORER_DIR = path.join(root, 'dist/apps/explorer');

/** Entry names are what apps/explorer/src/workers.ts asks for beside explorer.js. */
const entryPoints = {
  explorer: path.join(root, 'apps/explorer/src/main.tsx'),
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

export async function bundleExplorer(): Promise<number> {
  fs.rmSync(EXPLORER_DIR, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: EXPLORER_DIR,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    assetNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return fs.readdirSync(EXPLORER_DIR).reduce((sum, file) => sum + fs.statSync(path.join(EXPLORER_DIR, file)).size, 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleExplorer()
    .then((bytes) => console.log(`bundle ${path.relative(root, EXPLORER_DIR).padEnd(46)} ${(bytes / 1024).toFixed(0).padStart(5)} KiB`))
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
