/**
 * The protections one Apollo server (the gateway or a subgraph) installs: graphql-armor's
 * depth, alias and directive limits and its masking of field suggestions; graphql's own token
 * limit in the parser (armor's token plugin re-parses in a hook where any syntax error becomes
 * a 500); and our cost and argument check (cost.ts), which armor's cost rule cannot do (it knows
 * no list sizes).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { GraphLimits } from './config.ts';
import { inspectOperation, type SchemaLike } from './cost.ts';

export interface Protection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

export interface ProtectionOptions {
  /**
   * Multiplies the token limit: a subgraph also parses the gateway's requests, whose documents
   * the query planner derives from the client's, adding key fields to every selection.
   */
  tokenAllowance?: number;
}

/** Refuses, before execution, an operation over the cost budget or with `at`/`limit` outside their domain (400). */
export function costPlugin(limits: GraphLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const { cost, problems } = inspectOperation(schema as SchemaLike, document, operation, request.variables, limits);
          if (problems.length > 0) {
            throw new GraphQLError(problems.join('; '), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (cost > limits.maxCost) {
            throw new GraphQLError(`Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, cost, maxCost: limits.maxCost },
            });
          }
        },
      };
    },
  };
}

export function protection(limits: GraphLimits, { tokenAllowance = 1 }: ProtectionOptions = {}): Protection {
  const armor = new ApolloArmor({
    costLimit: { enabled: false },
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // Armor's typings name @apollo/server's CJS declarations, ours the ESM ones: the same plugin shape.
  const armorPlugins = armor.plugins as unknown as ApolloServerPlugin[];
  return {
    plugins: [...armorPlugins, costPlugin(limits)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens * tokenAllowance },
  };
}
