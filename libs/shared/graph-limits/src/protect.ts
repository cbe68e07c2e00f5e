/** The limits (rules.ts) as one Apollo Server installs them: the gateway's. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { GraphLimits } from './config.ts';
import type { SchemaLike } from './cost.ts';
import { limitRules, maskSuggestions, operationProblem } from './rules.ts';

export interface Protection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

export function protection(limits: GraphLimits): Protection {
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          const problem = operation && operationProblem(limits, schema as SchemaLike, document, operation, request.variables);
          if (problem) throw problem;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = maskSuggestions(error.message);
        },
      };
    },
  };
  return { ...limitRules(limits), plugins: [plugin] };
}
