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
