/**
 * A computed entity as a read-only repository (docs/contract.md §2, "Projections"): each read
 * reads the live subjects at the instant, then folds their sources at that same instant. The
 * sources' repositories already follow the time-travel rule, corrections and deletes, and catch
 * up on every acknowledged write before they answer, so a projection inherits all of it and
 * keeps no state of its own: nothing to replay, lag behind or count twice.
 */
import type { Envelope, ListOptions, Repository } from '@egg/storage-core';
import { AUTHORIZED_TOKENS } from './access.ts';
import type { Computation, OpenSource, ReadInstant } from './declaration.ts';

/** A write reached a computed entity; the REST layer answers 405 before this can happen. */
export class ReadOnlyError extends Error {
  constructor(readonly entity: string) {
    super(`${entity} is computed and cannot be written`);
    this.name = 'ReadOnlyError';
  }
}

/** The instant of a read: "now" (no `at`) sees every acknowledged write, and windows end at the clock. */
const instantOf = (at: number | undefined, clock: () => number): ReadInstant =>
  at === undefined || at === Infinity ? { known: Infinity, now: clock() } : { known: at, now: at };

export function computedRepository(
  entity: string,
  computation: Computation,
  open: OpenSource,
  clock: () => number = Date.now,
): Repository {
  const fold = computation.open(open);
  // Every read of a projection's subject goes through these two: who may see a projection is decided here.
  const subjects = open(computation.subject);
  const readSubjects = (ids: string[], instant: ReadInstant) => subjects.readMany(ids, instant.known);
  const listSubjects = (instant: ReadInstant, options: ListOptions) => subjects.list({ ...options, at: instant.known });

  const project = async (rows: Envelope[], instant: ReadInstant): Promise<Envelope[]> => {
    const payloads = rows.length === 0 ? [] : await fold(rows, instant);
    // One projection per subject, named by it: its id, created_at and who may see it (access.ts) are
    // the subject's version's, so every read filter of the entity runtime applies to it unchanged.
    return rows.map((row, i) => ({
      id: row.id,
      payload: { ...payloads[i], ...(row.payload[AUTHORIZED_TOKENS] !== undefined ? { [AUTHORIZED_TOKENS]: row.payload[AUTHORIZED_TOKENS] } : {}) },
      created_at: row.created_at,
      deleted: false,
      position: row.position,
    }));
  };

  const readMany = async (ids: string[], at?: number): Promise<Envelope[]> => {
    const instant = instantOf(at, clock);
    return project(await readSubjects(ids, instant), instant);
  };

  const findByMany = async (field: string, values: unknown[], { at, limit = Infinity, after, where }: ListOptions = {}) => {
    const found = new Map<unknown, Envelope[]>(values.map((value) => [value, []]));
    if (field !== computation.key || limit < 1) return found;
    const instant = instantOf(at, clock);
    let rows = await readSubjects([...new Set(values.filter((v): v is string => typeof v === 'string'))], instant);
    if (where) rows = rows.filter(where);
    if (after !== undefined) {
      // Rare (a second page of a one-item lookup): what follows `after` in the subjects' creation order.
      const later = new Set((await listSubjects(instant, { after, where })).map((row) => row.id));
      rows = rows.filter((row) => later.has(row.id));
    }
    for (const row of await project(rows, instant)) found.set(row.id, [row]);
    return found;
  };

  const refuse = (): Promise<never> => Promise.reject(new ReadOnlyError(entity));
  return {
    create: refuse,
    createMany: refuse,
    replace: refuse,
    remove: refuse,
    removeMany: refuse,
    read: async (id, at) => (await readMany([id], at))[0],
    readMany,
    list: async (options = {}) => {
      const instant = instantOf(options.at, clock);
      return project(await listSubjects(instant, options), instant);
    },
    findByMany,
    findBy: async (field, value, options) => (await findByMany(field, [value], options)).get(value) ?? [],
  };
}
