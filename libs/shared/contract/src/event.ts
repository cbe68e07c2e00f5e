/**
 * The API Gateway HTTP API (payload v2) event, built in one place: the local router turns HTTP
 * requests into it, the gateway's direct invoke and tests build it from parts.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CALLER_MARKER, GATEWAY_CALLER } from './wire.ts';

export interface HttpApiRequest {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query?: string;
  /** Lower-case names; `cookie` belongs in `cookies`, as API Gateway splits it off. */
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
  sourceIp?: string;
  requestId?: string;
  /** Marks the event as the gateway's (see {@link CALLER_MARKER}). */
  fromGateway?: boolean;
}

/** An event that may carry a Lambda authorizer's context, as ours do when the gateway sent them. */
export type HttpApiEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { lambda?: Record<string, unknown> } };
};

/** `a=1&a=2&b` as API Gateway reports it: repeated keys joined by commas. */
function queryParameters(query: string): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) parameters[key] = key in parameters ? `${parameters[key]},${value}` : value;
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

export function httpApiEvent(request: HttpApiRequest): HttpApiEvent {
  const { method, path, query = '', headers = {}, cookies, body, isBase64Encoded = false } = request;
  const host = headers.host ?? 'localhost';
  const now = new Date();
  const parameters = queryParameters(query);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(parameters ? { queryStringParameters: parameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: request.requestId ?? randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(request.fromGateway ? { authorizer: { lambda: { [CALLER_MARKER]: GATEWAY_CALLER } } } : {}),
    },
  };
}

/** True when the event carries the gateway's caller marker. */
export function isGatewayEvent(event: APIGatewayProxyEventV2): boolean {
  return (event as HttpApiEvent).requestContext?.authorizer?.lambda?.[CALLER_MARKER] === GATEWAY_CALLER;
}
