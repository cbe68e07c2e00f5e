/**
 * The repository: one entity's current and past state, folded from its topic.
 * Time travel (docs/contract.md §5): a read `at` t sees the latest version with created_at ≤ t,
 * and nothing for an entity created after t or deleted at or before t.
 */
import type { RecordPosition } from './event-log.ts';

export type Payload = Record<string, unknown>;

/** One version of an entity as stored: the event, seen as a row. */
export interface Envelope<P extends Payload = Payload> {
  id: string;
  payload: P;
  /** Server time of the write, ms since the epoch. */
  created_at: number;
  deleted: boolean;
  position: RecordPosition;
}

export interface ListOptions<P extends Payload = Payload> {
  at?: number;
  limit?: number;
  /**
   * Only rows this accepts exist for the read: `limit` counts accepted rows, so pages stay full
   * and `after` stays exact; an `after` naming a row it rejects is unknown (NotFoundError).
   */
  where?: (row: Envelope<P>) => boolean;
  /**
   * Continue after this id in creation order (a page's last id): pages read at one `at` neither
   * skip nor repeat. Rejects with NotFoundError when the id was never stored.
   */
  after?: string;
}

export interface Repository<P extends Payload = Payload> {
  /** Appends a creation; rejects with ConflictError when the id exists (and is not deleted). */
  create(payload: P, id?: string): Promise<Envelope<P>>;
  read(id: string, at?: number): Promise<Envelope<P> | undefined>;
  /** Current (or `at`) entities, each once, in creation order. */
  list(options?: ListOptions<P>): Promise<Envelope<P>[]>;
  /** Full replace; rejects with NotFoundError when absent or deleted. */
  replace(id: string, payload: P): Promise<Envelope<P>>;
  /**
   * Appends a tombstone (the last payload, with `record`'s fields over it: who deleted it, say);
   * rejects with NotFoundError when absent or deleted.
   */
  remove(id: string, record?: Partial<P>): Promise<Envelope<P>>;
  createMany(items: { payload: P; id?: string }[]): Promise<Envelope<P>[]>;
  /** Found entities only, in the order of `ids`. */
  readMany(ids: string[], at?: number): Promise<Envelope<P>[]>;
  removeMany(ids: string[], record?: Partial<P>): Promise<Envelope<P>[]>;
  /** Entities whose top-level `field` equals `value` (at `at`), in creation order. */
  findBy(field: string, value: unknown, options?: ListOptions<P>): Promise<Envelope<P>[]>;
  /** Batched findBy: one lookup for many values; every value gets an entry (maybe []). */
  findByMany(field: string, values: unknown[], options?: ListOptions<P>): Promise<Map<unknown, Envelope<P>[]>>;
}

export class ConflictError extends Error {
  constructor(readonly id: string) {
    super(`an entity with id ${id} already exists`);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no entity with id ${id}`);
    this.name = 'NotFoundError';
  }
}
