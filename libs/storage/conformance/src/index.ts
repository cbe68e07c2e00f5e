export { describeConformance } from './conformance.ts';
