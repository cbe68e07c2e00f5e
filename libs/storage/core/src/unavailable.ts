/**
 * Storage failures a caller cannot fix by changing its request: the entity runtime answers
 * both with 503 and their message (libs/entity/runtime/src/unavailable.ts).
 */

/** The backend could not be reached or could not prove the answer current; nothing was written. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/**
 * A write was sent but not confirmed in time: it may have happened. A client retrying with
 * the same id gets 409 (or sees the write) rather than a duplicate, since the log's order
 * settles racing writes of one id.
 */
export class WriteOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WriteOutcomeUnknownError';
  }
}
