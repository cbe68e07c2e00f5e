/** One entity's HTTP surface without any platform: `/<name>/api…` is REST, `/<name>/graph` the subgraph. */
import { createLogger, type Logger } from '@egg/shared-logging';
import type { Repository } from '@egg/storage-core';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, type HttpRequest, type HttpResponse } from './http.ts';
import { createRestHandler } from './rest.ts';
import { createGraphHandler } from './subgraph.ts';

export type EntityApp = (request: HttpRequest) => Promise<HttpResponse>;

export function createEntityApp(decl: EntityDeclaration, repository: Repository, logger: Logger = createLogger(decl.name)): EntityApp {
  const rest = createRestHandler(decl, repository);
  const graph = createGraphHandler(decl, repository, logger);
  const api = `/${decl.name}/api`;
  return async (request) => {
    if (request.path === api || request.path.startsWith(`${api}/`)) return rest(request);
    if (request.path === `/${decl.name}/graph`) return graph(request);
    return errorResponse(404, `no route for ${request.path}`);
  };
}
