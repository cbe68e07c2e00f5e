/**
 * Every function's logger: Powertools for AWS Lambda, one JSON object per line, as CloudWatch
 * wants it. Locally the stack renders those lines for people (tools/local-stack/log-lines.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** One per function instance, made at start-up; the level comes from POWERTOOLS_LOG_LEVEL (default INFO). */
export const createLogger = (service: string): Logger => new Logger({ serviceName: service });

/** Fields of the one line each request logs (message `request`). */
export interface RequestLine {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export const REQUEST_MESSAGE = 'request';

type Say = (message?: unknown) => void;

/** The logger shape Apollo's server and gateway take (@apollo/utils.logger), over a Powertools logger. */
export const apolloLogger = (logger: Logger): { debug: Say; info: Say; warn: Say; error: Say } => ({
  debug: (message) => logger.debug(String(message)),
  info: (message) => logger.info(String(message)),
  warn: (message) => logger.warn(String(message)),
  error: (message) => logger.error(String(message)),
});
