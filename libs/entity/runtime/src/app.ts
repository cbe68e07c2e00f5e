/**
 * One entity's HTTP surface without any platform: `/<name>/api…` is REST, `/<name>/graph` the
 * subgraph, `/<name>/health`, `/<name>/ready` and `/<name>/api/openapi.json` its meta routes.
 */
import { createLogger, type Logger } from '@egg/shared-logging';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';
import type { Repository } from '@egg/storage-core';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, type HttpRequest, type HttpResponse } from './http.ts';
import { createMetaRoutes } from './meta-routes.ts';
import { createRestHandler, type RestOptions } from './rest.ts';
import { createGraphHandler } from './subgraph.ts';

export type EntityApp = (request: HttpRequest) => Promise<HttpResponse>;

export interface AppOptions extends RestOptions {
  /** The graph limits (default: read from the environment). */
  limits?: GraphLimits;
  /** The function's logger (default: a new one named after the entity). */
  logger?: Logger;
  /** Whether the subgraph answers introspection (default true). */
  introspection?: boolean;
}

export function createEntityApp(decl: EntityDeclaration, repository: Repository, options: AppOptions = {}): EntityApp {
  const limits = options.limits ?? loadGraphLimits();
  const rest = createRestHandler(decl, repository, { ...options, limits });
  const logger = options.logger ?? createLogger(decl.name);
  const graph = createGraphHandler(decl, repository, limits, logger, { introspection: options.introspection });
  const meta = createMetaRoutes(decl, logger, limits);
  const api = `/${decl.name}/api`;
  return async (request) => {
    const answered = meta.withoutStorage(request);
    if (answered) return answered;
    if (meta.isReadiness(request)) return meta.readiness(async () => repository, request.headers['x-request-id']);
    if (request.path === api || request.path.startsWith(`${api}/`)) return rest(request);
    if (request.path === `/${decl.name}/graph`) return graph(request);
    return errorResponse(404, `no route for ${request.path}`);
  };
}
