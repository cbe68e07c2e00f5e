import { WriteOutcomeUnknownError } from '@egg/storage-core';

export class CorruptRecordError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`corrupt record: topic ${topic} partition ${partition} offset ${offset}: ${reason}`);
    this.name = 'CorruptRecordError';
  }
}

/**
 * The partition's lock was taken over while this append was in progress (its writer stalled past
 * the staleness limit): the append is not acknowledged, and may or may not be in the log.
 */
export class LockLostError extends WriteOutcomeUnknownError {
  constructor(topic: string, partition: number) {
    super(`the write to ${topic} partition ${partition} stalled past the lock's staleness limit and another writer took over: it may or may not have happened`);
    this.name = 'LockLostError';
  }
}
