export { loadGraphLimits, GRAPH_LIMIT_VARIABLES, GraphLimitsError, type GraphLimits } from './config.ts';
export { atProblem, limitProblem, MAX_INSTANT } from './domains.ts';
export { inspectOperation, type OperationReport } from './cost.ts';
export { protection, costPlugin, type Protection, type ProtectionOptions } from './protect.ts';
