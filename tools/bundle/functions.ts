/**
 * The deployable functions: every app folder with an entity declaration, plus the gateway.
 * Found on disk, so a generated 14th entity is bundled, composed and served with no list to edit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');

export const kebab = (name: string): string => name.replaceAll('_', '-');

/** Entity names (`farm`, `lay_report`, …): the app folder names with `-` read as `_`. */
export const ENTITY_NAMES: string[] = fs
  .readdirSync(appsDir)
  .filter((folder) => fs.existsSync(path.join(appsDir, folder, 'src/declaration.ts')))
  .sort()
  .map((folder) => folder.replaceAll('-', '_'));

/** `farm-function` / `farm` / `lay_report` → the app folder name (`farm`, `lay-report`, `gateway`). */
export function functionFolder(nameOrProject: string): string {
  const folder = kebab(nameOrProject.replace(/-function$/, ''));
  if (folder !== 'gateway' && !ENTITY_NAMES.some((n) => kebab(n) === folder)) {
    throw new Error(`unknown function "${nameOrProject}": expected gateway or one of ${ENTITY_NAMES.join(', ')}`);
  }
  return folder;
}

export const ALL_FUNCTIONS = [...ENTITY_NAMES.map(kebab), 'gateway'];
