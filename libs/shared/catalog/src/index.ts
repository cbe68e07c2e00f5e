export { deployable, nameOf, ENTITY_NAME, GATEWAY, GATEWAY_NAME, type Deployable } from './names.ts';
export { APPS_DIR, entityNames, findDeployable, findDeployables, findEntities, WORKSPACE_ROOT } from './catalog.ts';
