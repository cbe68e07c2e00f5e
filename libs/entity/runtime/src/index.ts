export {
  defineEntity,
  namesOf,
  type EntityDeclaration,
  type EntitySchema,
  type JsonSchemaProperty,
  type Join,
  type OneJoin,
  type ListJoin,
  type Computation,
  type Fold,
  type OpenSource,
  type ReadInstant,
} from './declaration.ts';
export { computedRepository, ReadOnlyError } from './computed.ts';
export { subgraphSdl } from './sdl.ts';
export { createEntityHandler, claimsTopic, type EntityHandler, type HandlerOptions } from './handler.ts';
export { createEntityApp, type AppOptions, type EntityApp } from './app.ts';
export { createRestHandler, type RestHandler, type RestOptions } from './rest.ts';
export { createIdempotency, type Claim, type Idempotency, type IdempotencyOptions } from './idempotency.ts';
export { loadEntityConfig, EntityConfigError, IDEMPOTENCY_WINDOW_ENV, type EntityConfig } from './config.ts';
export { createGraphHandler, type GraphHandler } from './subgraph.ts';
export type { HttpRequest, HttpResponse } from './http.ts';
export { openApiDocument, mergeOpenApi, type OpenAPIObject } from './openapi.ts';
