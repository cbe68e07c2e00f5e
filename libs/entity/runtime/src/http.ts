/** The framework-free HTTP shapes the REST core and the GraphQL endpoint speak. */
import { errorBody, isJsonContentType, JSON_TYPE, MAX_BODY_BYTES, type ErrorDetail } from '@egg/shared-contract';

export interface HttpRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  /** The raw decoded body, as received. */
  body?: string;
  /** Sent by the gateway, as the transport vouches (never a header a client could set). */
  fromGateway?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function errorResponse(
  status: number,
  error: string,
  details?: ErrorDetail[],
  headers?: Record<string, string>,
): HttpResponse {
  return json(status, errorBody(error, details), headers);
}

/** Checks and parses a JSON request body; returns the value or the error response to send. */
export function readJsonBody(request: HttpRequest): { value: unknown } | { response: HttpResponse } {
  if (!isJsonContentType(request.headers['content-type'])) {
    return { response: errorResponse(415, 'content-type must be application/json') };
  }
  const raw = request.body ?? '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    return { response: errorResponse(413, `body exceeds ${MAX_BODY_BYTES} bytes`) };
  }
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { response: errorResponse(400, 'body is not valid JSON') };
  }
}
