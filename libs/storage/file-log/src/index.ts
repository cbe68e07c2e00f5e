export { FileEventLog, type FileEventLogOptions } from './file-event-log.ts';
export { type VerifyResult } from './integrity.ts';
export { CorruptRecordError } from './errors.ts';
export { verifyProof, type InclusionProof, type InclusionProof as Proof } from './merkle.ts';
export { STALE_MS } from './lock.ts';
