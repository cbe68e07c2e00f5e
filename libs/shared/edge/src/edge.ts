/**
 * What every function answers the same way at its HTTP edge, around its own handler:
 * CORS preflights and headers, `HEAD` wherever `GET` is, and error bodies always JSON
 * (docs/contract.md §6). A plain wrapper, not a middy middleware: middy's early return would skip the
 * other middlewares' `after` (the request log among them).
 */
import { errorBody, errorResult, isJsonContentType, JSON_TYPE } from '@egg/shared-contract';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { allowsOrigin, preflightHeaders, responseCorsHeaders, type CorsPolicy } from './cors.ts';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * A status's reason phrase, from the CommonJS module when first needed: an ESM import of
 * `node:http` builds its namespace by reading every export, and one of them loads Node's bundled
 * undici, a quarter of an entity's cold start for a table of strings (tools/bench's cold starts).
 */
const reasonPhrase = (status: number): string | undefined => process.getBuiltinModule('node:http').STATUS_CODES[status];
export type EdgeHandler<E extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2> = (event: E, context: Context) => Promise<Result>;

export interface EdgeOptions {
  cors: CorsPolicy;
}

const headerOf = (result: Result, name: string): string | undefined => {
  for (const [key, value] of Object.entries(result.headers ?? {})) if (key.toLowerCase() === name) return String(value);
  return undefined;
};

const withoutHeader = (result: Result, name: string): Record<string, string | number | boolean> =>
  Object.fromEntries(Object.entries(result.headers ?? {}).filter(([key]) => key.toLowerCase() !== name));

/** An error whose body is not JSON (a library's plain-text 400, an empty 502) gets the JSON error body. */
function jsonErrorBody(result: Result): Result {
  if (result.statusCode === undefined || result.statusCode < 400 || isJsonContentType(headerOf(result, 'content-type'))) return result;
  const text = result.body && !result.isBase64Encoded ? result.body.trim() : '';
  return {
    ...result,
    headers: { ...withoutHeader(result, 'content-type'), 'content-type': JSON_TYPE },
    body: JSON.stringify(errorBody(text || reasonPhrase(result.statusCode) || 'error')),
    isBase64Encoded: false,
  };
}

/** A HEAD answer: the GET answer's status and headers, its length, no body. */
function withoutBody(result: Result): Result {
  const body = result.body ?? '';
  const length = result.isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body);
  return { ...result, headers: { ...result.headers, 'content-length': String(length) }, body: '', isBase64Encoded: false };
}

const asGet = <E extends APIGatewayProxyEventV2>(event: E): E => ({
  ...event,
  requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } },
});

export function httpEdge<E extends APIGatewayProxyEventV2>(options: EdgeOptions, handler: EdgeHandler<E>): EdgeHandler<E> {
  const { cors } = options;
  const corsOn = cors.origins.length > 0;
  // With CORS on, every answer depends on Origin: caches must not hand one origin's answer to another.
  const vary = (result: Result): Result => {
    if (!corsOn) return result;
    const already = headerOf(result, 'vary');
    return { ...result, headers: { ...withoutHeader(result, 'vary'), vary: already ? `${already}, origin` : 'origin' } };
  };

  return async (event, context) => {
    const method = event.requestContext.http.method.toUpperCase();
    const origin = event.headers?.origin;
    if (corsOn && method === 'OPTIONS' && event.headers?.['access-control-request-method'] !== undefined) {
      if (!allowsOrigin(cors, origin)) {
        return vary(errorResult(403, `origin ${origin ?? '(none)'} is not allowed`));
      }
      return vary({ statusCode: 204, headers: preflightHeaders(cors, origin), body: '' });
    }
    let result = jsonErrorBody(await handler(method === 'HEAD' ? asGet(event) : event, context));
    if (method === 'HEAD') result = withoutBody(result);
    if (allowsOrigin(cors, origin)) result = { ...result, headers: { ...result.headers, ...responseCorsHeaders(cors, origin) } };
    return vary(result);
  };
}
