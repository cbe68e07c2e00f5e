/**
 * The limits as graphql-js pieces, for any server that parses, validates and executes a
 * document (the gateway's Apollo Server through protect.ts, each subgraph's executor directly):
 * graphql-armor's depth, alias and directive rules; the parser's token limit (armor's token
 * rule re-parses, and a syntax error there became a 500); the masking of field suggestions; and
 * our cost and argument check (cost.ts), which armor's cost rule cannot do (it knows no list
 * sizes). The rules come from armor's own packages: its umbrella package also brings its token
 * rule, which imports graphql-js's CommonJS parser into a bundle that has the ESM one.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { GraphLimits } from './config.ts';
import { inspectOperation, type SchemaLike } from './cost.ts';

/** A rule's refusal becomes a validation error of the document (a 400), not a thrown one. */
const reported = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };

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
  const validationRules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reported }),
    maxAliasesRule({ n: limits.maxAliases, ...reported }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reported }),
  ];
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
