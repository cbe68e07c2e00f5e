/** The framework-free HTTP shapes the REST core and the GraphQL endpoint speak. */
import type { ErrorDetail } from './validation.ts';

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

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function errorResponse(
  status: number,
  error: string,
  details?: ErrorDetail[],
  headers?: Record<string, string>,
): HttpResponse {
  return json(status, details ? { error, details } : { error }, headers);
}

export const MAX_BODY_BYTES = 262_144;

/** application/json, application/<x>+json, with or without parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  const mediaType = value?.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mediaType ?? '');
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
