export * from './event-log.ts';
export * from './repository.ts';
export * from './partitioner.ts';
