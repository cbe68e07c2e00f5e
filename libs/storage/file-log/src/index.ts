export { FileEventLog, type FileEventLogOptions } from './file-event-log.ts';
export { type VerifyResult } from './integrity.ts';
export { CorruptRecordError, LockLostError } from './errors.ts';
export { verifyProof, type InclusionProof, type InclusionProof as Proof } from './merkle.ts';
export { LOCK_WAIT_MS, LockTimeoutError, STALE_MS } from './lock.ts';
