export * from './event-log.ts';
export * from './repository.ts';
export * from './partitioner.ts';
export * from './unavailable.ts';
export { MemoryEventLog, SnapshottingMemoryLog } from './memory-event-log.ts';
export { createRepository, LogRepository, type RepositoryOptions } from './log-repository.ts';
export type { ApplyListener } from './stored-write.ts';
