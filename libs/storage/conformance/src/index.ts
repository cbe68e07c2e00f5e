export { describeConformance, type LogFactory } from './conformance.ts';
