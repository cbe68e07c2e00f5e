/** A repository's write as the log stores it (a record's value), and each version of an entity it leaves behind. */
import type { Payload } from './repository.ts';

export interface StoredWrite {
  id: string;
  payload: Payload;
  created_at: number;
  deleted: boolean;
  /**
   * What the writer found before appending; the log's order settles a race between instances:
   * a create of a live id, or a replace or remove of one that is not live, is void. Every reader
   * skips it, and its writer answers 409 or 404.
   */
  op: 'create' | 'replace' | 'remove';
}

export interface Version {
  createdAt: number;
  deleted: boolean;
  partition: number;
  offset: number;
  /** The payload as JSON, on the latest version only: older ones are read back from the log. */
  payload: string | undefined;
}

/**
 * Told of each version of an entity as the repository indexes it, in log order per id: its
 * server time as reads see it (`created_at`, after the repository's ordering of one id's
 * versions) and whether it deletes. Void writes are never told.
 */
export type ApplyListener = (id: string, createdAt: number, deleted: boolean, payload: Payload) => void;

/** The write as the log stores it, around a payload already in JSON. */
export function writeJson(write: StoredWrite, payloadJson: string): string {
  return `{"id":${JSON.stringify(write.id)},"payload":${payloadJson},"created_at":${write.created_at},"deleted":${write.deleted},"op":${JSON.stringify(write.op)}}`;
}
