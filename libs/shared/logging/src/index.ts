export { apolloLogger, createLogger, REQUEST_MESSAGE, type RequestLine } from './logger.ts';
export { requestLogging } from './middleware.ts';
export type { Logger } from '@aws-lambda-powertools/logger';
