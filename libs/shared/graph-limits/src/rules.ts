/**
 * The limits as graphql-js pieces, for any server that parses, validates and executes a
 * document (the gateway's Apollo Server through protect.ts, each subgraph's executor directly):
 * graphql-armor's depth, alias and directive rules; the parser's token limit (armor's token
 * plugin re-parses in a hook where any syntax error becomes a 500); the masking of field
 * suggestions; and our cost and argument check (cost.ts), which armor's cost rule cannot do (it
 * knows no list sizes).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import type { GraphLimits } from './config.ts';
import { inspectOperation, type SchemaLike } from './cost.ts';

export interface LimitRules {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

export interface RuleOptions {
  /**
   * Multiplies the token limit: a subgraph also parses the gateway's requests, whose documents
   * the query planner derives from the client's, adding key fields to every selection.
   */
  tokenAllowance?: number;
}

export function limitRules(limits: GraphLimits, { tokenAllowance = 1 }: RuleOptions = {}): LimitRules {
  const { validationRules } = new ApolloArmor({
    costLimit: { enabled: false },
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    // Masked by maskSuggestions where errors are formatted: armor's own masking is an Apollo plugin.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens * tokenAllowance } };
}

/** graphql-js's "Did you mean …?" would describe the schema to a caller who may not introspect it. */
export const maskSuggestions = (message: string): string => message.replace(/ ?Did you mean .+\?/g, '').trim();

/**
 * Why an operation may not run (a 400, before anything executes): over the cost budget, or `at` or
 * `limit` outside their domain. Undefined when it may.
 */
export function operationProblem(
  limits: GraphLimits,
  schema: SchemaLike,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError | undefined {
  const { cost, problems } = inspectOperation(schema, document, operation, variables, limits);
  if (problems.length > 0) {
    return new GraphQLError(problems.join('; '), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  if (cost > limits.maxCost) {
    return new GraphQLError(`Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`, {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, cost, maxCost: limits.maxCost },
    });
  }
  return undefined;
}
