export {
  defineEntity,
  namesOf,
  type EntityDeclaration,
  type EntitySchema,
  type JsonSchemaProperty,
  type Join,
  type OneJoin,
  type ListJoin,
} from './declaration.ts';
export { subgraphSdl } from './sdl.ts';
export { createEntityHandler, type EntityHandler, type HandlerOptions } from './handler.ts';
export { createEntityApp, type EntityApp } from './app.ts';
export { createRestHandler, type RestHandler } from './rest.ts';
export { createGraphHandler, INSTANT_HEADER, type GraphHandler } from './subgraph.ts';
export type { HttpRequest, HttpResponse } from './http.ts';
export type { ErrorDetail } from './validation.ts';
export {
  addEntity,
  entryOf,
  joinRowsOf,
  parseContract,
  renderEntity,
  renderJoinRow,
  ContractDocError,
  type ContractEntries,
  type EntityEntry,
  type JoinRow,
} from './contract-doc.ts';
