/**
 * The property every backend must hold (docs/contract.md §2, "Projections"): for any history of
 * the five events (creates, edits, deletes, timestamps out of order, writes from two instances
 * spread over partitions), the three projections read at any instant, from either writer or a
 * fresh instance rebuilding from the log, equal the reference fold over what was acknowledged.
 */
import { computedRepository, type Computation, type Sources } from '@egg/entity-runtime';
import { createRepository, type EventLog, type Repository } from '@egg/storage-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { containerInventory, farmOutput, henProductivity } from '../src/index.ts';
import { ACTORS, CONTAINERS, COOPS, DAY, HENS, START, history, instants, type Op, type Payload, type ReadAt } from './history.ts';
import { Model, referenceFarmOutputs, referenceInventories, referenceProductivities } from './reference.ts';

/** Two instances of a function on one log, and a way to open a third, cold one. */
export interface Instances {
  logs: [EventLog, EventLog];
  fresh(): Promise<EventLog>;
  close(): Promise<void>;
}

const PARTITIONS = 3;

function sourcesOf(log: EventLog, clock: () => number): Sources {
  const opened = new Map<string, Repository>();
  return (entity) => {
    let repository = opened.get(entity);
    if (!repository) opened.set(entity, (repository = createRepository(log, entity, { partitions: PARTITIONS, clock })));
    return repository;
  };
}

/** Applies one step through `sources`, recording what the repository acknowledged. */
async function apply(op: Op, sources: Sources, model: Model, now: number): Promise<void> {
  const live = (entity: string) => model.ids(entity).filter((id) => model.at(entity, id, Infinity));
  const put = async (entity: string, id: string, payload: Payload) =>
    model.record(entity, id, (await sources(entity).replace(id, payload)).created_at, payload);
  switch (op.kind) {
    case 'create': {
      const payload = op.payload(now);
      const row = await sources(op.entity).create(payload);
      return model.record(op.entity, row.id, row.created_at, payload);
    }
    case 'replace': {
      const ids = live(op.entity);
      return ids.length === 0 ? undefined : put(op.entity, ids[op.pick % ids.length], op.payload(now));
    }
    case 'remove': {
      const ids = live(op.entity);
      if (ids.length === 0) return;
      const id = ids[op.pick % ids.length];
      return model.record(op.entity, id, (await sources(op.entity).remove(id)).created_at, undefined);
    }
    case 'hen': {
      const id = HENS[op.pick % HENS.length];
      const hen: Payload = { ...model.at('hen', id, Infinity)!, coop_id: COOPS[op.coop] };
      if (op.status) hen.status = op.status;
      else delete hen.status;
      return put('hen', id, hen);
    }
    case 'container': {
      const id = CONTAINERS[op.pick % CONTAINERS.length];
      const container = model.at('container', id, Infinity);
      if (container && op.remove) return model.record('container', id, (await sources('container').remove(id)).created_at, undefined);
      const payload = { ...(container ?? ACTORS.find(([, actor]) => actor === id)![2]), capacity: op.capacity };
      if (container) return put('container', id, payload);
      return model.record('container', id, (await sources('container').create(payload, id)).created_at, payload);
    }
  }
}

const byId = (rows: { id: string; payload: Payload }[]) => Object.fromEntries(rows.map((row) => [row.id, row.payload]));

/** The three projections at `at` through `sources`, by list and by batched lookup, which must agree. */
async function projections(sources: Sources, at: number | undefined, now: number) {
  const read = async (name: string, computation: Computation) => {
    const repository = computedRepository(name, computation, sources, () => now);
    const listed = byId(await repository.list({ at }));
    const looked = await repository.findByMany(computation.key, Object.keys(listed), { at });
    expect(Object.fromEntries([...looked].map(([id, rows]) => [id, rows[0]?.payload]))).toEqual(listed);
    return listed;
  };
  return {
    inventories: await read('container_inventory', containerInventory),
    productivities: await read('hen_productivity', henProductivity),
    outputs: await read('farm_output', farmOutput),
  };
}

export function itHoldsTheProjectionProperty(open: () => Promise<Instances>, numRuns: number, timeout: number): void {
  it(
    'answers what the reference fold over the acknowledged history says, at any instant, on every instance',
    async () => {
      await fc.assert(
        fc.asyncProperty(history, instants, async (steps, reads) => {
          const instances = await open();
          try {
            let now = START;
            const clock = () => now;
            const writers = instances.logs.map((log) => sourcesOf(log, clock));
            const model = new Model();
            for (const [entity, id, payload] of ACTORS) {
              model.record(entity, id, (await writers[0](entity).create(payload, id)).created_at, payload);
            }
            for (const step of steps) {
              now += step.advance;
              await apply(step.op, writers[step.instance], model, now);
            }
            const writes = [...model.versions.values()].flat();
            const laid = writes.flatMap((v) => (typeof v.payload?.hen_id === 'string' ? [Date.parse(v.payload.timestamp as string)] : []));
            const atOf = (r: ReadAt): number => {
              if ('span' in r) return Math.round(START + r.span * (now - START));
              if ('write' in r) return writes[r.write % writes.length].created_at;
              return laid.length === 0 ? now : laid[r.laid % laid.length] + r.days * DAY + r.delta;
            };
            const readers = [...writers, sourcesOf(await instances.fresh(), clock)];
            for (const sources of readers) {
              for (const t of [...reads.map(atOf), undefined]) {
                const known = t ?? Infinity;
                const windowEnd = t ?? now;
                expect(await projections(sources, t, now)).toEqual({
                  inventories: referenceInventories(model, known),
                  productivities: referenceProductivities(model, known, windowEnd),
                  outputs: referenceFarmOutputs(model, known, windowEnd),
                });
              }
            }
          } finally {
            await instances.close();
          }
        }),
        { numRuns },
      );
    },
    timeout,
  );
}
