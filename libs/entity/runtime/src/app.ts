/** One entity's HTTP surface without any platform: `/<name>/api…` is REST, `/<name>/graph` the subgraph. */
import type { Repository } from '@egg/storage-core';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, type HttpRequest, type HttpResponse } from './http.ts';
import { createRestHandler, type RestOptions } from './rest.ts';
import { createGraphHandler } from './subgraph.ts';

export type EntityApp = (request: HttpRequest) => Promise<HttpResponse>;

export type AppOptions = RestOptions;

export function createEntityApp(decl: EntityDeclaration, repository: Repository, options: AppOptions = {}): EntityApp {
  const rest = createRestHandler(decl, repository, options);
  const graph = createGraphHandler(decl, repository);
  const api = `/${decl.name}/api`;
  return async (request) => {
    if (request.path === api || request.path.startsWith(`${api}/`)) return rest(request);
    if (request.path === `/${decl.name}/graph`) return graph(request);
    return errorResponse(404, `no route for ${request.path}`);
  };
}
