export {
  defineEntity,
  namesOf,
  type EntityDeclaration,
  type EntitySchema,
  type JsonSchemaProperty,
  type Join,
  type Computation,
  type OpenSource,
  type ReadInstant,
} from './declaration.ts';
export { computedRepository } from './computed.ts';
export { subgraphSdl } from './sdl.ts';
export { createEntityHandler, claimsTopic, type EntityHandler } from './handler.ts';
export { createEntityApp, type EntityApp } from './app.ts';
export { createRestHandler, type RestOptions } from './rest.ts';
export { createIdempotency, type Claim, type Idempotency } from './idempotency.ts';
export { loadEntityConfig } from './config.ts';
export { createGraphHandler } from './subgraph.ts';
export type { HttpRequest, HttpResponse } from './http.ts';
export { openApiDocument, mergeOpenApi, type OpenAPIObject } from './openapi.ts';
