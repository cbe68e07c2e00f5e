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

/** A write reached a log opened with `readOnly`. */
export class ReadOnlyLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyLogError';
  }
}
