/** Lambda invocations for tests: v2 events (via the contract's one builder) and a context. */
import { httpApiEvent, type HttpApiEvent, type HttpApiRequest } from '@egg/shared-contract';
import type { Context } from 'aws-lambda';

export interface EventInit extends Omit<HttpApiRequest, 'body' | 'isBase64Encoded'> {
  /** An object is sent as JSON with its content type; a string as it is. */
  body?: string | object;
  /** Sends the body base64-encoded, as API Gateway does with bodies it deems binary. */
  base64?: boolean;
}

export function lambdaEvent({ body, base64 = false, headers = {}, ...rest }: EventInit): HttpApiEvent {
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const contentType: Record<string, string> = typeof body === 'object' ? { 'content-type': 'application/json' } : {};
  return httpApiEvent({
    ...rest,
    headers: { ...contentType, ...headers },
    body: base64 && text !== undefined ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: base64,
  });
}

export const lambdaContext = (requestId = 'test-request'): Context =>
  ({ awsRequestId: requestId, functionName: 'test', callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 30_000 }) as Context;
