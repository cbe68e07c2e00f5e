/**
 * Bundles functions into one minified ESM file each: dist/apps/<folder>/index.mjs (the app folder:
 * dist/{projectRoot} for Nx) (+ .map, read only with --enable-source-maps; esbuild's metafile in dist/bundle-meta).
 * Usage: tsx tools/bundle/bundle.ts <project|name>... | all
 * The gateway embeds dist/supergraph/supergraph.graphql, so compose runs first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { findDeployable, findDeployables } from '@egg/shared-catalog';
import { COMPILER_FILE } from './prebuilt-validators.ts';
import { SUPERGRAPH_FILE, substitutionsFor } from './substitutions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// CJS dependencies call require(); ESM has none. Apollo's gateway must never phone home.
const banner = [
  "import { createRequire as __eggCreateRequire } from 'node:module';",
  'const require = __eggCreateRequire(import.meta.url);',
  "process.env.APOLLO_TELEMETRY_DISABLED = 'true';",
].join('\n');

export const bundlePath = (folder: string): string => path.join(root, 'dist/apps', folder, 'index.mjs');

/** Code a function imports only on some paths (kafkajs, the X-Ray tracer): loaded when first used. */
export const CHUNK_DIR = 'chunks';

/** esbuild's metafile of a bundle: its inputs and the bytes each left in the output. */
export const metafilePath = (folder: string): string => path.join(root, 'dist/bundle-meta', `${folder}.json`);

export async function bundleFunction(folder: string): Promise<number> {
  if (folder === 'gateway' && !fs.existsSync(SUPERGRAPH_FILE)) {
    throw new Error(`${path.relative(root, SUPERGRAPH_FILE)} is missing: run tsx tools/bundle/compose.ts first`);
  }
  const outfile = bundlePath(folder);
  fs.rmSync(path.join(path.dirname(outfile), CHUNK_DIR), { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: path.join(root, 'apps', folder, 'src/main.ts') },
    outdir: path.dirname(outfile),
    outExtension: { '.js': '.mjs' },
    // A dynamic import() becomes a chunk of its own, read only when that path runs: what a
    // request may not need stays out of every cold start.
    splitting: true,
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    banner: { js: banner },
    // Where Lambda's code differs from the code the tests run, each with why (substitutions.ts).
    plugins: substitutionsFor(folder).map((s) => s.plugin),
    // The Lambda runtime (nodejs24.x) ships AWS SDK v3 and resolves it for ES modules too; locally it is in node_modules.
    external: ['@aws-sdk/*'],
    // Less to read and compile at cold start. Names survive (error and class names stay readable);
    // the linked source map, read only with --enable-source-maps, maps stack traces back.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  // Ajv's compiler, required by an entity bundle only for a schema it has no prebuilt validator for.
  if (folder !== 'gateway') {
    await build({
      entryPoints: [path.join(root, 'tools/bundle/ajv-compiler.ts')],
      outfile: path.join(path.dirname(outfile), COMPILER_FILE),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  // Where the bytes come from, per input file (the bench reports it); kept out of the function's folder.
  fs.mkdirSync(path.dirname(metafilePath(folder)), { recursive: true });
  fs.writeFileSync(metafilePath(folder), JSON.stringify(result.metafile));
  return fs.statSync(outfile).size;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(args: string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: bundle.ts <project|name>... | all');
  const folders = (args.includes('all') ? findDeployables() : args.map((form) => findDeployable(form))).map((d) => d.folder);
  const sizes = await Promise.all(folders.map(bundleFunction));
  folders.forEach((folder, i) => {
    console.log(`bundle ${path.relative(root, bundlePath(folder)).padEnd(46)} ${kib(sizes[i]).padStart(9)}`);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
