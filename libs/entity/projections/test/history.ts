/**
 * Random histories of the economy for the property test: a few actors, then creates, edits and
 * deletes of the five events (and of some actors) by several instances, with event timestamps
 * out of order. `model` keeps every version the repositories acknowledged, for the reference.
 */
import fc from 'fast-check';

export const DAY = 86_400_000;
export const START = Date.UTC(2026, 0, 20);

export const FARMS = ['f0000000-0000-4000-8000-000000000000', 'f0000000-0000-4000-8000-000000000001'];
export const COOPS = ['c0000000-0000-4000-8000-000000000000', 'c0000000-0000-4000-8000-000000000001'];
export const HENS = ['a0000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002'];
export const CONTAINERS = ['b0000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002'];

export type EventEntity = 'lay_report' | 'storage_deposit' | 'storage_withdrawal' | 'container_transfer' | 'consumption_report';
export const EVENTS: EventEntity[] = ['lay_report', 'storage_deposit', 'storage_withdrawal', 'container_transfer', 'consumption_report'];

export type Payload = Record<string, unknown>;

/** The actors every history starts with: two farms, a coop on each, three hens, three containers. */
export const ACTORS: [string, string, Payload][] = [
  ['farm', FARMS[0], { name: 'F0', farm_type: 'megafarm', zone: 'north' }],
  ['farm', FARMS[1], { name: 'F1', farm_type: 'homestead', zone: 'south' }],
  ['coop', COOPS[0], { name: 'C0', farm_id: FARMS[0], capacity: 10, coop_type: 'barn' }],
  ['coop', COOPS[1], { name: 'C1', farm_id: FARMS[1], capacity: 10, coop_type: 'barn' }],
  ['hen', HENS[0], { name: 'H0', coop_id: COOPS[0], breed: 'x', status: 'active' }],
  ['hen', HENS[1], { name: 'H1', coop_id: COOPS[0], breed: 'x' }],
  ['hen', HENS[2], { name: 'H2', coop_id: COOPS[1], breed: 'x', status: 'retired' }],
  ['container', CONTAINERS[0], { name: 'K0', container_type: 'fridge', capacity: 12, zone: 'n' }],
  ['container', CONTAINERS[1], { name: 'K1', container_type: 'warehouse', capacity: 500, zone: 'n' }],
  ['container', CONTAINERS[2], { name: 'K2', container_type: 'market_shelf', capacity: 40, zone: 's' }],
];

/** An ISO 8601 date-time for `ms`, in UTC or with an offset (the same instant). */
const isoOf = (ms: number, offsetHours: number): string => {
  if (offsetHours === 0) return new Date(ms).toISOString();
  const sign = offsetHours > 0 ? '+' : '-';
  return new Date(ms + offsetHours * 3_600_000).toISOString().replace('Z', `${sign}0${Math.abs(offsetHours)}:00`);
};

/** A payload of `entity`, its timestamp `ago` ms before (negative: after) the write's clock. */
const eventPayload = (entity: EventEntity) =>
  fc
    .record({
      a: fc.nat(8),
      b: fc.nat(8),
      eggs: fc.integer({ min: 1, max: 40 }),
      // Whole hours or any millisecond: on the hour grid, window edges are hit exactly.
      ago: fc.oneof(fc.integer({ min: -48, max: 840 }).map((h) => h * 3_600_000), fc.integer({ min: -2 * DAY, max: 35 * DAY })),
      offset: fc.constantFrom(0, 0, 2, -5),
      quality: fc.constantFrom(undefined, 'grade_a', 'grade_b', 'cracked', 'double_yolk'),
    })
    .map(({ a, b, eggs, ago, offset, quality }) => (now: number): Payload => {
      const timestamp = isoOf(now - ago, offset);
      const container = CONTAINERS[a % CONTAINERS.length];
      switch (entity) {
        case 'lay_report': {
          // The report names its own farm (not always its hen's): farm_output counts by it.
          const hen = a % HENS.length;
          return { hen_id: HENS[hen], coop_id: COOPS[hen % 2], farm_id: FARMS[b % 2], eggs: eggs - 1, timestamp, ...(quality ? { quality } : {}) };
        }
        case 'storage_deposit':
          return { container_id: container, source_type: 'farm', source_id: FARMS[0], eggs, timestamp };
        case 'storage_withdrawal':
          return { container_id: container, reason: 'breakage', eggs, timestamp };
        case 'container_transfer':
          return { source_container_id: container, dest_container_id: CONTAINERS[b % CONTAINERS.length], eggs, timestamp };
        case 'consumption_report':
          return { consumer_id: FARMS[1], container_id: container, eggs, timestamp };
      }
    });

export type Op =
  | { kind: 'create'; entity: EventEntity; payload: (now: number) => Payload }
  | { kind: 'replace'; entity: EventEntity; pick: number; payload: (now: number) => Payload }
  | { kind: 'remove'; entity: EventEntity; pick: number }
  | { kind: 'hen'; pick: number; coop: number; status: string | undefined }
  | { kind: 'container'; pick: number; capacity: number; remove: boolean };

const event = fc.constantFrom(...EVENTS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: event.chain((entity) => eventPayload(entity).map((payload) => ({ kind: 'create' as const, entity, payload }))) },
  { weight: 2, arbitrary: event.chain((entity) => fc.tuple(fc.nat(), eventPayload(entity)).map(([pick, payload]) => ({ kind: 'replace' as const, entity, pick, payload }))) },
  { weight: 2, arbitrary: fc.tuple(event, fc.nat()).map(([entity, pick]) => ({ kind: 'remove' as const, entity, pick })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ pick: fc.nat(), coop: fc.nat(1), status: fc.constantFrom(undefined, 'active', 'retired', 'deceased') })
      .map((r) => ({ kind: 'hen' as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ pick: fc.nat(), capacity: fc.integer({ min: 1, max: 100 }), remove: fc.boolean() })
      .map((r) => ({ kind: 'container' as const, ...r })),
  },
);

/** A step: which instance writes, how far the clock moves first (always forward, up to six hours), what it does. */
export const history = fc.array(
  fc.record({
    instance: fc.nat(1),
    advance: fc.oneof(fc.integer({ min: 1, max: 6 }).map((h) => h * 3_600_000), fc.integer({ min: 1, max: 6 * 3_600_000 })),
    op,
  }),
  { minLength: 1, maxLength: 40 },
);

/**
 * An instant to read at: a fraction of the history's span (before, within or after it), exactly
 * at some write, or at a window's edge of some lay report (its timestamp + 0, 1, 7 or 30 days, ±1 ms).
 */
export type ReadAt = { span: number } | { write: number } | { laid: number; days: number; delta: number };
export const instants = fc.array(
  fc.oneof(
    fc.double({ min: -0.05, max: 1.3, noNaN: true }).map((span): ReadAt => ({ span })),
    fc.nat().map((write): ReadAt => ({ write })),
    fc.record({ laid: fc.nat(), days: fc.constantFrom(0, 1, 7, 30), delta: fc.constantFrom(-1, 0, 1) }),
  ),
  { minLength: 1, maxLength: 6 },
);
