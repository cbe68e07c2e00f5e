/**
 * Which deployables exist: every folder under apps/ with `src/declaration.ts` is an entity, so a
 * generated entity is bundled, composed, served, benchmarked and deployed with no list to edit;
 * the gateway is the one deployable that is not an entity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployable, GATEWAY, nameOf, type Deployable } from './names.ts';

export const WORKSPACE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const APPS_DIR = path.join(WORKSPACE_ROOT, 'apps');

/** The entities whose apps are in `appsDir`, in folder order. */
export function findEntities(appsDir: string = APPS_DIR): Deployable[] {
  return fs
    .readdirSync(appsDir)
    .filter((folder) => fs.existsSync(path.join(appsDir, folder, 'src/declaration.ts')))
    .sort()
    .map((folder) => {
      const entity = deployable(nameOf(folder));
      if (entity.folder !== folder) throw new Error(`apps/${folder}: an entity's app folder is its name in kebab case (${entity.folder})`);
      return entity;
    });
}

/** The entities, then the gateway. */
export const findDeployables = (appsDir: string = APPS_DIR): Deployable[] => [...findEntities(appsDir), GATEWAY];

/** The deployable any form of its name stands for (`lay_report`, `lay-report`, `lay-report-function`); unknown names throw, listing the known. */
export function findDeployable(form: string, appsDir: string = APPS_DIR): Deployable {
  const all = findDeployables(appsDir);
  const found = all.find((d) => d.name === nameOf(form));
  if (!found) throw new Error(`unknown function "${form}": expected one of ${all.map((d) => d.name).join(', ')}`);
  return found;
}

/** The entity names (`farm`, `lay_report`, …), in folder order. */
export const entityNames = (appsDir: string = APPS_DIR): string[] => findEntities(appsDir).map((d) => d.name);
