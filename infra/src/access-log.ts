/**
 * The HTTP API's access log line, in the HTTP API's own `$context` variables (the REST API's
 * standard field set lacks the route, the integration's error and the latencies that tell an
 * API Gateway problem from a function's).
 */
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

export const HTTP_API_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationRequestId: '$context.integration.requestId',
  integrationErrorMessage: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
  authorizerError: '$context.authorizer.error',
} as const;

export const httpApiAccessLogFormat = (): AccessLogFormat => AccessLogFormat.custom(JSON.stringify(HTTP_API_ACCESS_LOG_FIELDS));
