/** Test helpers (test files only; lint keeps them out of production code). */
export { lambdaEvent, lambdaContext, type EventInit } from './lambda.ts';
export { samplePayload } from './sample.ts';
export { describeEntityApp } from './entity-app.ts';
export { openApiChecker, type Answer } from './openapi-check.ts';
