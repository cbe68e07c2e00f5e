export { FileEventLog, type FileEventLogOptions, type VerifyResult } from './file-event-log.ts';
export { CorruptRecordError } from './errors.ts';
export { verifyProof, type InclusionProof, type InclusionProof as Proof } from './merkle.ts';
export { STALE_MS } from './lock.ts';
