/**
 * Storage that cannot answer: 503 with the backend's message,
 * which names the cause, or says that a write may have happened. Never a 500, never a 2xx.
 */
import { StorageUnavailableError, WriteOutcomeUnknownError } from '@egg/storage-core';
import { errorResponse, type HttpResponse } from './http.ts';

/** The message to answer with when the error is a storage outage, else undefined. */
export const storageUnavailableMessage = (error: unknown): string | undefined =>
  error instanceof StorageUnavailableError || error instanceof WriteOutcomeUnknownError ? error.message : undefined;

export function storageUnavailableResponse(error: unknown): HttpResponse | undefined {
  const message = storageUnavailableMessage(error);
  return message === undefined ? undefined : errorResponse(503, message, undefined, { 'retry-after': '1' });
}
