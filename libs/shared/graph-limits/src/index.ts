export { loadGraphLimits, type GraphLimits } from './config.ts';
export { atProblem, limitProblem } from './domains.ts';
