import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { apolloLogger, type Logger } from '@egg/shared-logging';
import { protection } from '@egg/shared-graph-limits/graphql';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayConfig } from './config.ts';
import { InstantDataSource, type OperationContext } from './data-source.ts';
import { boundedFetcher } from './fetcher.ts';
import { awsInvoke, lambdaDataSource, type Invoke } from './lambda-data-source.ts';
import { guardSubgraph } from './subgraph-calls.ts';

/** Any URL left in an error message (a transport's own wording) is internal: clients never see one. */
const scrubUrls = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
  const extensions = { ...formatted.extensions };
  delete extensions.response; // RemoteGraphQLDataSource puts the subgraph's URL and body there
  return { ...formatted, message: formatted.message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<internal>'), extensions };
};

/**
 * An Apollo server over a supergraph composed at build time; it never asks a subgraph for its schema.
 * Apollo's own warnings and errors go through the function's logger.
 */
export function createGatewayServer(
  supergraphSdl: string,
  config: GatewayConfig,
  invoke: Invoke = awsInvoke(),
  functionLogger?: Logger,
): ApolloServer<OperationContext> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const logger = functionLogger && apolloLogger(functionLogger);
  const fetcher = boundedFetcher(config.maxResponseBytes, config.timeoutMs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name }) => {
      const fn = config.subgraphFunctions?.[name];
      // Either transport gets the same batch splitting and masking: a Lambda payload has its limit too.
      if (fn !== undefined) return guardSubgraph(name, lambdaDataSource(name, fn, invoke), config.subgraphMaxBodyBytes, config.timeoutMs);
      const url = config.subgraphUrls[name];
      if (url === undefined) throw new Error(`supergraph names subgraph "${name}" that has no configured URL`);
      const source = new InstantDataSource({ url, fetcher });
      source.internalToken = config.internalToken;
      return guardSubgraph(name, source, config.subgraphMaxBodyBytes, config.timeoutMs);
    },
  });
  const limited = protection(config.limits);
  return new ApolloServer<OperationContext>({
    gateway,
    logger,
    introspection: config.introspection,
    validationRules: limited.validationRules,
    parseOptions: limited.parseOptions,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: scrubUrls,
    plugins: [
      // Inline traces are a subgraph's answer to a traced gateway: this server is the gateway.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...limited.plugins,
    ],
  });
}

/** Subgraph names listed in a supergraph's `join__Graph` enum. */
export function subgraphNames(supergraphSdl: string): string[] {
  const block = /enum join__Graph\s*{([^}]*)}/.exec(supergraphSdl)?.[1] ?? '';
  return [...block.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)].map((m) => m[1]);
}
