/**
 * Every Kafka call is bounded in time, and every failure becomes one of storage-core's two
 * 503 errors with a message that names the cause.
 */
import { StorageUnavailableError, WriteOutcomeUnknownError } from '@egg/storage-core';

/** A topic the deployment did not create (`npm run kafka:topics`); requests get this as their 503. */
export class MissingTopicError extends StorageUnavailableError {
  constructor(readonly topic: string) {
    super(`Kafka topic "${topic}" does not exist: create it at deploy time (npm run kafka:topics)`);
    this.name = 'MissingTopicError';
  }
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Rejects with DeadlineError after `ms`; the work itself goes on (Kafka calls cannot be cancelled). */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const reason = (error: unknown): string => {
  const e = error as { name?: string; message?: string; originalError?: unknown; cause?: unknown };
  const inner = e?.originalError ?? e?.cause;
  const own = e?.message ?? String(error);
  return inner && (inner as Error).message && !own.includes((inner as Error).message) ? `${own}: ${(inner as Error).message}` : own;
};

export const isUnknownTopic = (error: unknown): boolean => {
  const e = error as { type?: string; originalError?: { type?: string } };
  return e?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || e?.originalError?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
};

export function unavailable(what: string, error: unknown): StorageUnavailableError {
  if (error instanceof StorageUnavailableError) return error;
  return new StorageUnavailableError(`Kafka unavailable: ${what}: ${reason(error)}`, { cause: error });
}

export function outcomeUnknown(what: string, error: unknown): WriteOutcomeUnknownError {
  return new WriteOutcomeUnknownError(
    `the write may have happened: Kafka did not confirm ${what} (${reason(error)}); read the entity before retrying`,
    { cause: error },
  );
}
