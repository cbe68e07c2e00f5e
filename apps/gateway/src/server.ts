import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayConfig } from './config.ts';
import { InstantDataSource, type OperationContext } from './data-source.ts';
import { queryLimitsRule } from './limits.ts';

/** An Apollo server over a supergraph composed at build time; it never asks a subgraph for its schema. */
export function createGatewayServer(supergraphSdl: string, config: GatewayConfig): ApolloServer<OperationContext> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const url = config.subgraphUrls[name];
      if (url === undefined) throw new Error(`supergraph names subgraph "${name}" that has no configured URL`);
      return new InstantDataSource({ url });
    },
  });
  return new ApolloServer<OperationContext>({
    gateway,
    introspection: config.introspection,
    validationRules: [queryLimitsRule(config.maxDepth, config.maxFields)],
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [
      // Inline traces are a subgraph's answer to a traced gateway: this server is the gateway.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
}

/** Subgraph names listed in a supergraph's `join__Graph` enum. */
export function subgraphNames(supergraphSdl: string): string[] {
  const block = /enum join__Graph\s*{([^}]*)}/.exec(supergraphSdl)?.[1] ?? '';
  return [...block.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)].map((m) => m[1]);
}
