/**
 * What needs graphql-js: its own entry (`@egg/shared-graph-limits/graphql`), so a REST request,
 * which imports only the index, never loads graphql-js or graphql-armor.
 */
export { limitRules, maskSuggestions, operationProblem } from './rules.ts';
export { protection } from './protect.ts';
