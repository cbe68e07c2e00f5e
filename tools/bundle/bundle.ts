/**
 * Bundles functions into one ESM file each: dist/apps/<folder>/index.mjs (the app folder: dist/{projectRoot} for Nx) (+ .map).
 * Usage: tsx tools/bundle/bundle.ts <project|name>... | all
 * The gateway embeds dist/supergraph/supergraph.graphql, so compose runs first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ALL_FUNCTIONS, functionFolder } from './functions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SUPERGRAPH_FILE = path.join(root, 'dist/supergraph/supergraph.graphql');

// CJS dependencies call require(); ESM has none. Apollo's gateway must never phone home.
const banner = [
  "import { createRequire as __eggCreateRequire } from 'node:module';",
  'const require = __eggCreateRequire(import.meta.url);',
  "process.env.APOLLO_TELEMETRY_DISABLED = 'true';",
].join('\n');

export const bundlePath = (folder: string): string => path.join(root, 'dist/apps', folder, 'index.mjs');

export async function bundleFunction(folder: string): Promise<number> {
  if (folder === 'gateway' && !fs.existsSync(SUPERGRAPH_FILE)) {
    throw new Error(`${path.relative(root, SUPERGRAPH_FILE)} is missing: run tsx tools/compose/compose.ts first`);
  }
  const outfile = bundlePath(folder);
  await build({
    entryPoints: [path.join(root, 'apps', folder, 'src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: banner },
    plugins: [supergraphPlugin],
    // The Lambda runtime (nodejs22.x) ships AWS SDK v3 and resolves it for ES modules too; locally it is in node_modules.
    external: ['@aws-sdk/*'],
    // Whitespace and syntax only: names survive, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return fs.statSync(outfile).size;
}

/** `import sdl from 'egg:supergraph'` → the composed supergraph, inlined as a string. */
const supergraphPlugin: Plugin = {
  name: 'egg-supergraph',
  setup(build) {
    build.onResolve({ filter: /^egg:supergraph$/ }, () => ({ path: SUPERGRAPH_FILE, namespace: 'egg-supergraph' }));
    build.onLoad({ filter: /.*/, namespace: 'egg-supergraph' }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(args: string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: bundle.ts <project|name>... | all');
  const folders = args.includes('all') ? ALL_FUNCTIONS : args.map(functionFolder);
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
