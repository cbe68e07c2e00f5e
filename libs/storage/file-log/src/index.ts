export { FileEventLog, type FileEventLogOptions } from './file-event-log.ts';
export { type VerifyResult } from './integrity.ts';
export { CorruptRecordError, LockLostError } from './errors.ts';
export { verifyProof, type InclusionProof } from './merkle.ts';
export { LockTimeoutError, STALE_MS } from './lock.ts';
