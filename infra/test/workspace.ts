import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bundleDir = path.join(workspaceRoot, 'dist/apps');
const NODE24 = '24.22.3';

/**
 * Lambda's runtime, nodejs24.x: the registry's Node 24 binary for this platform, installed on
 * first use under dist/. Not a workspace dependency: its `node` bin would shadow, in every npm
 * script, the Node the developer runs, and it installs on one platform only.
 */
export function node24(): string {
  const prefix = path.join(workspaceRoot, 'dist/node24');
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = path.join(prefix, 'node_modules', pkg, 'bin/node');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(prefix, { recursive: true });
    const args = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${NODE24}`];
    execFileSync('npm', args, { stdio: 'inherit' });
  }
  return binary;
}
