/**
 * The entity's GraphQL subgraph served over the framework-free HTTP shapes: Apollo Server
 * executes each request with fresh loaders and the operation instant (docs/contract.md §5).
 */
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
// The package's index does not re-export this type; a type-only import leaves no runtime trace.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { INSTANT_HEADER } from '@egg/shared-contract';
import { protection, type GraphLimits } from '@egg/shared-graph-limits';
import { apolloLogger, createLogger, type Logger } from '@egg/shared-logging';
import type { Repository } from '@egg/storage-core';
import { parse } from 'graphql';
import type { EntityDeclaration } from './declaration.ts';
import { gatewayOnlyPlugin } from './gateway-only.ts';
import { errorResponse, readJsonBody, type HttpRequest, type HttpResponse } from './http.ts';
import { createLoaders } from './loaders.ts';
import { storageUnavailableMessage } from './unavailable.ts';
import { createResolvers, type SubgraphContext } from './resolvers.ts';
import { subgraphSdl } from './sdl.ts';

export type GraphHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** Resolver failures that are not GraphQL errors are logged here and reach clients only as "internal error". */
const maskInternalErrors = (logger: Logger): ApolloServerPlugin<SubgraphContext> => ({
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }: GraphQLRequestContext<SubgraphContext>) {
        for (const error of errors ?? []) {
          const unavailable = storageUnavailableMessage(error.originalError);
          if (unavailable !== undefined) {
            logger.warn('storage unavailable', { requestId: contextValue.requestId, error: unavailable });
          } else if (error.extensions.code === undefined || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
            logger.error('resolver failed', { requestId: contextValue.requestId, error: error.originalError ?? error });
          }
        }
      },
    };
  },
});

/**
 * The subgraph keeps the gateway's limits (graph-limits) for every caller, so it is no side
 * door. Its token limit is twice the client's: it also parses the gateway's requests, which
 * the query planner derives from client documents by adding key fields to every selection.
 */
export function createGraphHandler(
  decl: EntityDeclaration,
  repository: Repository,
  limits: GraphLimits,
  logger: Logger = createLogger(decl.name),
): GraphHandler {
  const schema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(decl, limits)),
    resolvers: createResolvers(decl, repository, limits) as GraphQLResolverMap<unknown>,
  });
  const limited = protection(limits, { tokenAllowance: 2 });
  const server = new ApolloServer<SubgraphContext>({
    schema,
    logger: apolloLogger(logger),
    includeStacktraceInErrorResponses: false,
    validationRules: limited.validationRules,
    parseOptions: limited.parseOptions,
    // Traces for Apollo's hosted studio: nothing here reports to it, so they would be pure overhead.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      maskInternalErrors(logger),
      gatewayOnlyPlugin<SubgraphContext>(),
      ...(limited.plugins as ApolloServerPlugin<SubgraphContext>[]),
    ],
    formatError: (formatted, error) => {
      const unavailable = storageUnavailableMessage((error as { originalError?: unknown }).originalError);
      if (unavailable !== undefined) return { message: unavailable, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR'
        ? { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
        : formatted;
    },
  });
  let started: Promise<void> | undefined;

  return async (request) => {
    const startedAt = Date.now();
    started ??= server.start();
    await started;
    let body: unknown;
    if (request.method.toUpperCase() === 'POST') {
      const parsed = readJsonBody(request);
      if ('response' in parsed) return parsed.response;
      body = parsed.value;
    } else if (request.method.toUpperCase() !== 'GET') {
      return errorResponse(405, `method ${request.method} not allowed`, undefined, { allow: 'GET, HEAD, POST' });
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, value);
    const search = new URLSearchParams(
      Object.entries(request.query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    const instant = Number(request.headers[INSTANT_HEADER]);
    const context: SubgraphContext = {
      loaders: createLoaders(repository),
      instant: Number.isFinite(instant) && request.headers[INSTANT_HEADER]?.trim() ? instant : startedAt,
      requestId: request.headers['x-request-id'] ?? randomUUID(),
      fromGateway: request.fromGateway === true,
    };
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method.toUpperCase(), headers, search, body },
      context: async () => context,
    });
    let text = '';
    if (result.body.kind === 'complete') text = result.body.string;
    else for await (const chunk of result.body.asyncIterator) text += chunk;
    return { status: result.status ?? 200, headers: Object.fromEntries(result.headers), body: text };
  };
}
