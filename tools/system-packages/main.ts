/**
 * `npm test`'s first step (and CI's): makes sure the system packages the tests need are there,
 * installing what is missing where it can, else exiting 1 with one line saying what to install.
 * Silent when everything is there.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { missingNeeds, plan, type Probes } from './plan.ts';

const ok = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

const probes: Probes = {
  platform: process.platform,
  has: (command) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
      try {
        fs.accessSync(path.join(dir, command), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  exists: (file) => fs.existsSync(file),
  pkgConfig: (module) => ok('pkg-config', ['--exists', module]),
  isRoot: process.getuid?.() === 0,
  sudo: () => ok('sudo', ['-n', 'true']),
};

function main(): number {
  const first = plan(probes);
  if (first.kind === 'stop') {
    console.error(first.line);
    return 1;
  }
  if (first.kind === 'ready') return 0;
  console.log(`system packages: installing what the tests need (${missingNeeds(probes).map((need) => need.what).join(', ')})`);
  for (const [command, ...args] of first.commands) {
    console.log(`$ ${command} ${args.join(' ')}`);
    if (spawnSync(command, args, { stdio: 'inherit' }).status !== 0) {
      console.error(`system packages: \`${command} ${args.join(' ')}\` failed; run it yourself, then npm test again`);
      return 1;
    }
  }
  const still = missingNeeds(probes);
  if (still.length === 0) return 0;
  console.error(`system packages: still missing after installing: ${still.map((need) => need.what).join(', ')}`);
  return 1;
}

process.exitCode = main();
