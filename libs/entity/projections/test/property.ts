/**
 * The property every backend must hold (docs/contract.md §2, "Projections"): for any history of
 * the five events (creates, edits, deletes, timestamps out of order, writes from two instances
 * spread over partitions), the three projections read at any instant, from either writer or a
 * fresh instance rebuilding from the log, equal the reference fold over what was acknowledged.
 */
import { computedRepository, type Computation, type OpenSource } from '@egg/entity-runtime';
import { createRepository, type EventLog, type LogRepository } from '@egg/storage-core';
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
/** Small, so warm readers save snapshots (on logs that keep them) and the cold instance opens from one. */
const SNAPSHOT_EVERY = 5;

/** One instance's repositories on `log`, each opened once (as the entity runtime opens a computed entity's sources). */
function sourcesOf(log: EventLog, clock: () => number): OpenSource {
  const opened = new Map<string, LogRepository<Payload>>();
  return (entity, options = {}) => {
    let repository = opened.get(entity);
    if (!repository) opened.set(entity, (repository = createRepository(log, entity, { partitions: PARTITIONS, clock, snapshotEvery: SNAPSHOT_EVERY, ...options })));
    else if (options.onApply) throw new Error(`${entity} opened twice`);
    return repository;
  };
}

/** Applies one step through `sources`, recording what the repository acknowledged. */
async function apply(op: Op, sources: OpenSource, model: Model, now: number): Promise<void> {
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

type Reader = (at: number | undefined, now: number) => Promise<Record<string, Record<string, Payload>>>;

/**
 * An instance of the three projection functions on `log`: each opens its sources once and keeps
 * them (and its indexes) warm across reads. A read lists each projection at `at` and looks every
 * listed one up by key, which must agree.
 */
function projectionInstance(log: EventLog, clock: () => number): Reader {
  let now = 0;
  const open = (name: string, computation: Computation) => {
    const repository = computedRepository(name, computation, sourcesOf(log, clock), () => now);
    return async (at: number | undefined) => {
      const listed = byId(await repository.list({ at }));
      const looked = await repository.findByMany(computation.key, Object.keys(listed), { at });
      expect(Object.fromEntries([...looked].map(([id, rows]) => [id, rows[0]?.payload]))).toEqual(listed);
      return listed;
    };
  };
  const inventories = open('container_inventory', containerInventory);
  const productivities = open('hen_productivity', henProductivity);
  const outputs = open('farm_output', farmOutput);
  return async (at, readNow) => {
    now = readNow;
    return { inventories: await inventories(at), productivities: await productivities(at), outputs: await outputs(at) };
  };
}

const reference = (model: Model, at: number | undefined, now: number) => ({
  inventories: referenceInventories(model, at ?? Infinity),
  productivities: referenceProductivities(model, at ?? Infinity, at ?? now),
  outputs: referenceFarmOutputs(model, at ?? Infinity, at ?? now),
});

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
            // A warm projection instance on each log, reading while the history is written.
            const warm = instances.logs.map((log) => projectionInstance(log, clock));
            const model = new Model();
            for (const [entity, id, payload] of ACTORS) {
              model.record(entity, id, (await writers[0](entity).create(payload, id)).created_at, payload);
            }
            for (const [i, step] of steps.entries()) {
              now += step.advance;
              await apply(step.op, writers[step.instance], model, now);
              if (i === Math.floor(steps.length / 2)) expect(await warm[1 - step.instance](undefined, now)).toEqual(reference(model, undefined, now));
            }
            const writes = [...model.versions.values()].flat();
            const laid = writes.flatMap((v) => (typeof v.payload?.hen_id === 'string' ? [Date.parse(v.payload.timestamp as string)] : []));
            const atOf = (r: ReadAt): number => {
              if ('span' in r) return Math.round(START + r.span * (now - START));
              if ('write' in r) return writes[r.write % writes.length].created_at;
              return laid.length === 0 ? now : laid[r.laid % laid.length] + r.days * DAY + r.delta;
            };
            // Both warm instances, and a cold one rebuilding from the log.
            const readers = [...warm, projectionInstance(await instances.fresh(), clock)];
            for (const read of readers) {
              for (const t of [...reads.map(atOf), undefined]) expect(await read(t, now)).toEqual(reference(model, t, now));
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
