/**
 * The entity's GraphQL subgraph over the framework-free HTTP shapes: `POST /<name>/graph` with a
 * JSON body `{query, variables?, operationName?}` (docs/contract.md §4). The request is checked
 * here; graphql-js and the schema (subgraph-executor.ts) are loaded on the instance's first
 * GraphQL request, so an instance that only answers REST never pays for them.
 */
import { randomUUID } from 'node:crypto';
import { INSTANT_HEADER, JSON_TYPE } from '@egg/shared-contract';
import type { GraphLimits } from '@egg/shared-graph-limits';
import type { Logger } from '@egg/shared-logging';
import type { Repository } from '@egg/storage-core';
import { visibleTo } from './access.ts';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, json, readJsonBody, type HttpRequest, type HttpResponse } from './http.ts';
import type { Execute, GraphRequest } from './subgraph-executor.ts';

export type GraphHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface GraphOptions {
  /** Whether `__schema` and `__type` answer (default true; the Lambda handler turns it off in production). */
  introspection?: boolean;
}

const badRequest = (message: string): HttpResponse => json(400, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body's GraphQL request, or the 400 saying what is wrong with it. */
function graphRequestOf(body: unknown): GraphRequest | HttpResponse {
  if (Array.isArray(body)) return badRequest('batched operations are not supported: send one operation per request');
  if (!isObject(body) || typeof body.query !== 'string' || body.query.trim() === '') {
    return badRequest('the body must be a JSON object with a non-empty "query" string');
  }
  const { query, variables, operationName } = body;
  if (variables !== undefined && variables !== null && !isObject(variables)) return badRequest('"variables" must be a JSON object');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return badRequest('"operationName" must be a string');
  return { query, ...(isObject(variables) ? { variables } : {}), ...(typeof operationName === 'string' ? { operationName } : {}) };
}

export function createGraphHandler(
  decl: EntityDeclaration,
  repository: Repository,
  limits: GraphLimits,
  logger: Logger,
  { introspection = true }: GraphOptions = {},
): GraphHandler {
  let executor: Promise<Execute> | undefined;
  // Loaded once per instance; a failed load is retried by the next request.
  const load = () =>
    (executor ??= import('./subgraph-executor.ts')
      .then(({ createExecutor }) => createExecutor(decl, repository, limits, logger, { introspection }))
      .catch((error: unknown) => {
        executor = undefined;
        throw error;
      }));

  return async (request) => {
    const startedAt = Date.now();
    if (request.method.toUpperCase() !== 'POST') {
      return errorResponse(405, `method ${request.method} not allowed`, undefined, { allow: 'POST' });
    }
    const parsed = readJsonBody(request);
    if ('response' in parsed) return parsed.response;
    const operation = graphRequestOf(parsed.value);
    if ('status' in operation) return operation;
    const instant = Number(request.headers[INSTANT_HEADER]);
    const execute = await load();
    const { status, body } = await execute(operation, {
      instant: Number.isFinite(instant) && request.headers[INSTANT_HEADER]?.trim() ? instant : startedAt,
      requestId: request.headers['x-request-id'] ?? randomUUID(),
      fromGateway: request.fromGateway === true,
      where: visibleTo(request.caller),
    });
    return { status, headers: { 'content-type': JSON_TYPE }, body };
  };
}
