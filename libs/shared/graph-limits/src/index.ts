export { loadGraphLimits, type GraphLimits } from './config.ts';
export { atProblem, limitProblem } from './domains.ts';
export { inspectOperation } from './cost.ts';
export { protection, costPlugin } from './protect.ts';
