/**
 * `Idempotency-Key` on POST (docs/contract.md §6): a create done at most once per key within a window.
 *
 * Keys live in the log, in a companion topic of claims (`<entity>-idempotency`) whose ids are
 * the keys themselves. Claiming a key is a create with a client-chosen id, so two instances
 * racing on one key are settled by the log's order exactly as racing creates are: one claim
 * stands, the other's writer gets a conflict and follows the winner. A claim names the entity
 * id to create and a hash of the body; every holder of the key creates that one id, so
 * however many retries race (or a first attempt died after its append), one entity is written.
 * Once the entity is written the claim records its time, so a replay returns the first
 * version even after the entity was replaced or deleted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, type Envelope, type Payload, type Repository } from '@egg/storage-core';

export interface Claim extends Payload {
  /** SHA-256 of the request body in canonical JSON. */
  hash: string;
  entity_id: string;
  /** When the key was claimed (ms): the window runs from here. */
  claimed_at: number;
  /** created_at of the entity's first version, once it is known to be written. */
  entity_created_at?: number;
}

export type CreateOutcome =
  | { kind: 'created'; row: Envelope; replayed: boolean }
  /** The key was claimed with another body. */
  | { kind: 'mismatch' }
  /** The body's own id names an entity this key did not create. */
  | { kind: 'conflict'; id: string };

export interface IdempotencyOptions {
  /** How long a key is remembered, ms. */
  windowMs: number;
  clock?: () => number;
}

export interface Idempotency {
  /** Creates `payload` (with the body's `id`, if any) once per `key` and body. */
  create(key: string, body: unknown, payload: Payload, id: string | undefined): Promise<CreateOutcome>;
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const bodyHash = (body: unknown): string => createHash('sha256').update(canonical(body)).digest('hex');

/** Claims beyond this many attempts mean keys expiring and re-claimed in a loop: give up loudly. */
const MAX_CLAIM_ATTEMPTS = 3;

export function createIdempotency(entities: Repository, claims: Repository<Claim>, options: IdempotencyOptions): Idempotency {
  const clock = options.clock ?? Date.now;

  /** The standing claim on `key` within the window: ours if none stood, else the winner's. */
  async function claim(key: string, hash: string, entityId: string): Promise<Claim> {
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const standing = await claims.read(key);
      if (standing && clock() - standing.payload.claimed_at < options.windowMs) return standing.payload;
      if (standing) await claims.remove(key).catch(ignore(NotFoundError));
      try {
        return (await claims.create({ hash, entity_id: entityId, claimed_at: clock() }, key)).payload;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Another instance claimed the key first: the next round reads its claim.
      }
    }
    throw new Error(`idempotency key ${key}: no claim stood after ${MAX_CLAIM_ATTEMPTS} attempts`);
  }

  /** Records the entity's first version on the claim; a claim gone meanwhile (expired) needs nothing. */
  async function settle(key: string, standing: Claim, row: Envelope): Promise<void> {
    if (standing.entity_created_at !== undefined) return;
    await claims.replace(key, { ...standing, entity_created_at: row.created_at }).catch(ignore(NotFoundError));
  }

  return {
    async create(key, body, payload, id) {
      const hash = bodyHash(body);
      const standing = await claim(key, hash, id ?? randomUUID());
      if (standing.hash !== hash) return { kind: 'mismatch' };
      const entityId = standing.entity_id;
      if (standing.entity_created_at !== undefined) {
        const first = await entities.read(entityId, standing.entity_created_at);
        if (first) return { kind: 'created', row: first, replayed: true };
      }
      try {
        const row = await entities.create(payload, entityId);
        await settle(key, standing, row);
        return { kind: 'created', row, replayed: false };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      // The id exists. A server-chosen id is known only to holders of this key: one of them (a
      // racer, or a first attempt whose answer was lost) wrote it. A client-chosen id may be
      // another request's: it is ours only if it holds what this body asks for.
      const existing = await entities.read(entityId);
      if (existing && (id === undefined || canonical(existing.payload) === canonical(payload))) {
        await settle(key, standing, existing);
        return { kind: 'created', row: existing, replayed: true };
      }
      return { kind: 'conflict', id: entityId };
    },
  };
}

const ignore =
  (kind: new (...args: never[]) => Error) =>
  (error: unknown): void => {
    if (!(error instanceof kind)) throw error;
  };
