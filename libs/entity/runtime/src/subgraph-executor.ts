/**
 * The subgraph's GraphQL execution on graphql-js alone, loaded by subgraph.ts on an instance's
 * first GraphQL request: a REST instance never compiles or runs graphql-js. Each document is
 * parsed and validated once per instance (document-cache.ts); each request is then checked
 * against the limits and the gateway-only fields, and executed with fresh loaders at the
 * operation instant (docs/contract.md §4–§5). Statuses and error codes are those of the
 * GraphQL-over-HTTP convention Apollo's servers follow: 400 for a request that cannot run, 200
 * once it ran.
 */
import type { GraphLimits } from '@egg/shared-graph-limits';
import { limitRules, maskSuggestions, operationProblem } from '@egg/shared-graph-limits/graphql';
import type { Logger } from '@egg/shared-logging';
import type { Repository } from '@egg/storage-core';
import {
  execute,
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
} from 'graphql';
import type { EntityDeclaration } from './declaration.ts';
import { DocumentCache } from './document-cache.ts';
import { gatewayOnlyProblem } from './gateway-only.ts';
import { createLoaders } from './loaders.ts';
import { createResolvers, type SubgraphContext } from './resolvers.ts';
import { subgraphSdl } from './sdl.ts';
import { expandSubgraph } from './subgraph-expansion.ts';
import { buildSubgraphSchema } from './subgraph-schema.ts';
import { storageUnavailableMessage } from './unavailable.ts';

/** A GraphQL request as it arrived: its JSON body's members, already checked for their types. */
export interface GraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** What a request brings besides the operation (subgraph.ts); the loaders are made here. */
export type RequestScope = Omit<SubgraphContext, 'loaders'>;

export type Execute = (request: GraphRequest, scope: RequestScope) => Promise<{ status: number; body: string }>;

export interface ExecutorOptions {
  /** Whether `__schema` and `__type` answer (off on Lambda, as Apollo's servers default to in production). */
  introspection: boolean;
}

/** The text of documents kept parsed and validated, per instance. */
const DOCUMENT_CACHE_CHARS = 1 << 20;

type Checked = { document: DocumentNode } | { status: number; errors: GraphQLFormattedError[] };

/**
 * An error that stops the request before it runs, in GraphQL's shape with `code` unless it names
 * its own. A validation error always says GRAPHQL_VALIDATION_FAILED, as the gateway's do, whichever
 * rule (graphql-js's or graphql-armor's) found it.
 */
function requestError(error: GraphQLError, code: string, { ownCode = true } = {}): GraphQLFormattedError {
  // `http` tells this server the status; it is not part of the answer.
  const extensions = Object.fromEntries(Object.entries(error.extensions).filter(([key]) => key !== 'http'));
  return { ...error.toJSON(), message: maskSuggestions(error.message), extensions: { ...extensions, code: (ownCode && extensions.code) || code } };
}

const refused = (error: GraphQLError, status: number, code: string) => ({ status, errors: [requestError(error, code)] });
const statusOf = (error: GraphQLError): number => (error.extensions.http as { status?: number } | undefined)?.status ?? 400;

export function createExecutor(
  decl: EntityDeclaration,
  repository: Repository,
  limits: GraphLimits,
  logger: Logger,
  { introspection }: ExecutorOptions,
): Execute {
  const schema = buildSubgraphSchema(expandSubgraph(subgraphSdl(decl, limits)), createResolvers(decl, repository, limits));
  const rules = limitRules(limits, { tokenAllowance: 2 });
  const validationRules = [...specifiedRules, ...rules.validationRules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const documents = new DocumentCache<Checked>(DOCUMENT_CACHE_CHARS);

  const check = (query: string): Checked => {
    const cached = documents.get(query);
    if (cached) return cached;
    let checked: Checked;
    try {
      const document = parse(query, rules.parseOptions);
      const errors = validate(schema, document, validationRules);
      checked = errors.length === 0 ? { document } : { status: 400, errors: errors.map((e) => requestError(e, 'GRAPHQL_VALIDATION_FAILED', { ownCode: false })) };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      checked = refused(error, 400, 'GRAPHQL_PARSE_FAILED');
    }
    documents.set(query, checked);
    return checked;
  };

  /** A field's error as the client sees it: a storage outage says so, anything not meant for clients is "internal error". */
  const fieldError = (error: GraphQLError, requestId: string): GraphQLFormattedError => {
    const unavailable = storageUnavailableMessage(error.originalError);
    if (unavailable !== undefined) {
      logger.warn('storage unavailable', { requestId, error: unavailable });
      return { message: unavailable, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (error.extensions.code === undefined) {
      logger.error('resolver failed', { requestId, error: error.originalError ?? error });
      return { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return error.toJSON();
  };

  const run = async ({ query, variables, operationName }: GraphRequest, scope: RequestScope) => {
    const checked = check(query);
    if ('errors' in checked) return checked;
    const { document } = checked;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return refused(new GraphQLError(message), 400, 'OPERATION_RESOLUTION_FAILURE');
    }
    const problem = (scope.fromGateway ? undefined : gatewayOnlyProblem(operation, document)) ?? operationProblem(limits, schema, document, operation, variables);
    if (problem) return refused(problem, statusOf(problem), 'BAD_USER_INPUT');
    const result = await execute({
      schema,
      document,
      operationName,
      variableValues: variables,
      contextValue: { ...scope, loaders: createLoaders(repository, scope.where) } satisfies SubgraphContext,
    });
    // No data: the variables did not coerce, so nothing ran.
    if (result.data === undefined) return { status: 400, errors: (result.errors ?? []).map((e) => requestError(e, 'BAD_USER_INPUT')) };
    const errors = result.errors?.map((e) => fieldError(e, scope.requestId));
    return { status: 200, data: result.data, ...(errors ? { errors } : {}) };
  };

  return async (request, scope) => {
    const { status, ...body } = await run(request, scope);
    return { status, body: JSON.stringify(body) };
  };
}
