/**
 * What every entity function answers beside its API (docs/contract.md §9): liveness, readiness
 * and its OpenAPI document. Liveness and the document need no storage, so they are answered
 * before storage is opened, and still are when it cannot be.
 */
import type { GraphLimits } from '@egg/shared-graph-limits';
import type { Logger } from '@egg/shared-logging';
import type { Repository } from '@egg/storage-core';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, json, type HttpRequest, type HttpResponse } from './http.ts';
import { openApiDocument, type OpenAPIObject } from './openapi.ts';
import { storageUnavailableMessage } from './unavailable.ts';

/** No entity has it (ids are random UUIDs), so reading it costs one catch-up and nothing else. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface MetaRoutes {
  /** The answer to a request that needs no storage, or undefined. */
  withoutStorage(request: HttpRequest): HttpResponse | undefined;
  isReadiness(request: HttpRequest): boolean;
  /** 200 once the repository has caught up on its topic; 503 when opening or catching up fails. */
  readiness(repository: () => Promise<Repository>, requestId?: string): Promise<HttpResponse>;
}

const onlyGet = (request: HttpRequest, answer: () => HttpResponse): HttpResponse =>
  ['GET', 'HEAD'].includes(request.method.toUpperCase())
    ? answer()
    : errorResponse(405, `method ${request.method} not allowed`, undefined, { allow: 'GET, HEAD' });

export function createMetaRoutes(decl: EntityDeclaration, logger: Logger, limits?: GraphLimits): MetaRoutes {
  const paths = { health: `/${decl.name}/health`, ready: `/${decl.name}/ready`, openapi: `/${decl.name}/api/openapi.json` };
  // Built on first request: the handler and the app it opens each hold meta routes, and cold starts pay for neither.
  let document: OpenAPIObject | undefined;
  return {
    withoutStorage(request) {
      if (request.path === paths.health) return onlyGet(request, () => json(200, { status: 'ok', function: decl.name }));
      if (request.path === paths.openapi) return onlyGet(request, () => json(200, (document ??= openApiDocument(decl, limits))));
      return undefined;
    },
    isReadiness: (request) => request.path === paths.ready,
    async readiness(repository, requestId) {
      try {
        await (await repository()).read(NIL_UUID);
        return json(200, { status: 'ready', function: decl.name });
      } catch (error) {
        logger.error('not ready', { requestId, error: error as Error });
        const cause = storageUnavailableMessage(error) ?? 'its storage cannot be opened or read';
        return errorResponse(503, `${decl.name} is not ready: ${cause}`);
      }
    },
  };
}
