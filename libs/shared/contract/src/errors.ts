/** The one JSON error body of every non-GraphQL route (docs/contract.md §6). */

export interface ErrorDetail {
  /** A JSON pointer into the body (`/capacity`) or the name of a query parameter (`at`). */
  path: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  details?: ErrorDetail[];
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function errorBody(error: string, details?: ErrorDetail[]): ErrorBody {
  return details ? { error, details } : { error };
}

/** A refusal as a Lambda (API Gateway v2) result: the status, the JSON error body, extra headers. */
export const errorResult = (statusCode: number, error: string, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(errorBody(error)),
});

/** application/json, application/<x>+json, with or without parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  const mediaType = value?.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mediaType ?? '');
}
