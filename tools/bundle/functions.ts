/** The deployable functions: 13 entities (SPEC path segment → app folder) and the gateway. */

export const ENTITY_NAMES = [
  'farm',
  'coop',
  'hen',
  'container',
  'consumer',
  'lay_report',
  'storage_deposit',
  'storage_withdrawal',
  'container_transfer',
  'consumption_report',
  'container_inventory',
  'hen_productivity',
  'farm_output',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

export const kebab = (name: string): string => name.replaceAll('_', '-');

/** `farm-function` / `farm` / `lay_report` → the app folder name (`farm`, `lay-report`, `gateway`). */
export function functionFolder(nameOrProject: string): string {
  const folder = kebab(nameOrProject.replace(/-function$/, ''));
  if (folder !== 'gateway' && !ENTITY_NAMES.some((n) => kebab(n) === folder)) {
    throw new Error(`unknown function "${nameOrProject}": expected gateway or one of ${ENTITY_NAMES.join(', ')}`);
  }
  return folder;
}

export const ALL_FUNCTIONS = [...ENTITY_NAMES.map(kebab), 'gateway'];
