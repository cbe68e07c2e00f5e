import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Composes the supergraph, bundles every function and the GraphQL explorer, as the build targets do. */
export function buildAll(): void {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  execFileSync(tsx, ['tools/bundle/compose.ts'], { cwd: root, stdio: 'inherit' });
  execFileSync(tsx, ['tools/bundle/bundle.ts', 'all'], { cwd: root, stdio: 'inherit' });
  execFileSync(tsx, ['tools/bundle/explorer.ts'], { cwd: root, stdio: 'inherit' });
}
