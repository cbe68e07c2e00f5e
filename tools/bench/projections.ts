/**
 * The projections (docs/contract.md §2, "Projections"), computed at every read from their
 * sources: containerInventory(id) over as many storage events as the seed has lay reports
 * (100,000), henProductivity(id) over the 100,000 lay reports, each now and at a past instant,
 * and farm(id){farmOutput coops{hens{productivity}}}, sampled alternately with hen(id) in one
 * run; then a cold function's first projection read over those topics.
 */
import { httpApiEvent } from '@egg/shared-contract';
import { nameOf } from '@egg/shared-catalog';
import { seedCreate, graphql } from './client.ts';
import { parallel } from './parallel.ts';
import { HEN } from './scenarios.ts';
import { seedRows, type Economy } from './seed.ts';
import { invoke, startInstance } from './startup.ts';
import { alternate, median, summarize, type Latency } from './stats.ts';

export const HEN_PRODUCTIVITY =
  'query($id: ID!, $at: Float) { henProductivity(id: $id, at: $at) { id eggs_today eggs_week eggs_month total_eggs avg_per_week quality_rate } }';
export const CONTAINER_INVENTORY =
  'query($id: ID!, $at: Float) { containerInventory(id: $id, at: $at) { id current_eggs total_deposits total_withdrawals total_transfers_in total_transfers_out total_consumed utilization_pct } }';
export const FARM_TREE_PROJECTIONS =
  'query($id: ID!) { farm(id: $id) { farmOutput { eggs_week } coops { hens { productivity { eggs_today } } } } }';

export interface StorageEconomy {
  containerIds: string[];
  events: number;
  /** An instant after the first half of the storage events (and every lay report) was written. */
  pastAt: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** The i-th storage event: 40 % deposits, 20 % each withdrawals, transfers and consumption, spread over the containers. */
function storageEvent(containerIds: string[], consumerId: string, i: number): [string, Record<string, unknown>] {
  const container = containerIds[i % containerIds.length];
  const timestamp = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  switch (i % 5) {
    case 0:
    case 1:
      return ['storage_deposit', { container_id: container, source_type: 'farm', source_id: consumerId, eggs: 12, timestamp }];
    case 2:
      return ['storage_withdrawal', { container_id: container, reason: 'spoilage', eggs: 1, timestamp }];
    case 3:
      return ['container_transfer', { source_container_id: container, dest_container_id: containerIds[(i + 1) % containerIds.length], eggs: 3, timestamp }];
    default:
      return ['consumption_report', { consumer_id: consumerId, container_id: container, eggs: 2, timestamp }];
  }
}

/**
 * `containers` containers over REST, then `events` storage events: straight into the stack's log
 * through the repositories (as seed.ts appends lay reports), or over REST against BENCH_URL.
 */
export async function seedStorage(base: string, size: { containers: number; events: number }, storageEnv?: NodeJS.ProcessEnv): Promise<StorageEconomy> {
  const containers = await parallel([...Array(size.containers).keys()], 16, (i) =>
    seedCreate(base, 'container', { name: `container ${i}`, container_type: 'warehouse', capacity: 10_000, zone: `zone ${i % 5}` }),
  );
  const containerIds = containers.map((c) => c.id);
  const consumer = await seedCreate(base, 'consumer', { name: 'bench consumer', consumer_type: 'household', zone: 'zone 0' });
  const halves = [
    [...Array(Math.floor(size.events / 2)).keys()],
    [...Array(size.events - Math.floor(size.events / 2)).keys()].map((i) => i + Math.floor(size.events / 2)),
  ];
  let pastAt = 0;
  for (const [h, half] of halves.entries()) {
    await seedRows(base, half.map((i) => storageEvent(containerIds, consumer.id, i)), storageEnv);
    if (h === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      pastAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  return { containerIds, events: size.events, pastAt };
}

export interface ProjectionResult {
  hen: Latency;
  henProductivity: Latency;
  henProductivityPast: Latency;
  containerInventory: Latency;
  containerInventoryPast: Latency;
  farmTree: Latency;
  /** Source events behind the reads: lay reports, storage events, and per container. */
  layReports: number;
  storageEvents: number;
  storageEventsPerContainer: number;
  /** A cold function's spawn to its first projection read answered, median ms, per function. */
  coldFirstRead?: { henProductivityMs: number; containerInventoryMs: number; rounds: number };
}

type Found = Record<string, { id: string } | null>;

function expectFound(data: Found, field: string, id: string): void {
  if (data[field]?.id !== id) throw new Error(`${field}(${id}) answered ${JSON.stringify(data)}`);
}

/** A cold instance of the projection function `folder`: spawn, first REST read of `id`, ms. */
async function coldRead(folder: string, id: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const instance = await startInstance(folder, env);
  try {
    const name = nameOf(folder);
    const result = await invoke(instance, httpApiEvent({ method: 'GET', path: `/${name}/api/${id}`, headers: {} }));
    if (result.statusCode !== 200) throw new Error(`cold ${name} read answered ${result.statusCode}: ${result.body}`);
    return performance.now() - start;
  } finally {
    await instance.close();
  }
}

export async function projectionReads(
  base: string,
  economy: Economy,
  storage: StorageEconomy,
  rounds: number,
  coldRounds: number,
  storageEnv?: NodeJS.ProcessEnv,
): Promise<ProjectionResult> {
  const hen = (query: string, field: string, at?: number) => async () => {
    const { id } = pick(economy.hens);
    expectFound(await graphql<Found>(base, query, { id, at }), field, id);
  };
  const container = (at?: number) => async () => {
    const id = pick(storage.containerIds);
    expectFound(await graphql<Found>(base, CONTAINER_INVENTORY, { id, at }), 'containerInventory', id);
  };
  const samples = await alternate(
    {
      hen: hen(HEN, 'hen'),
      henProductivity: hen(HEN_PRODUCTIVITY, 'henProductivity'),
      henProductivityPast: hen(HEN_PRODUCTIVITY, 'henProductivity', storage.pastAt),
      containerInventory: container(),
      containerInventoryPast: container(storage.pastAt),
      farmTree: async () => {
        const data = await graphql<{ farm: { farmOutput: unknown[]; coops: unknown[] } | null }>(base, FARM_TREE_PROJECTIONS, { id: pick(economy.farmIds) });
        if (data.farm?.farmOutput.length !== 1) throw new Error(`farm tree answered ${JSON.stringify(data).slice(0, 300)}`);
      },
    },
    { warmup: Math.ceil(rounds / 5), rounds },
  );
  const result: ProjectionResult = {
    hen: summarize(samples.hen),
    henProductivity: summarize(samples.henProductivity),
    henProductivityPast: summarize(samples.henProductivityPast),
    containerInventory: summarize(samples.containerInventory),
    containerInventoryPast: summarize(samples.containerInventoryPast),
    farmTree: summarize(samples.farmTree),
    layReports: economy.layReports,
    storageEvents: storage.events,
    storageEventsPerContainer: Math.round(storage.events / storage.containerIds.length),
  };
  if (!storageEnv) return result;
  const env = { ...process.env, ...storageEnv, APOLLO_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: '' };
  const henMs: number[] = [];
  const containerMs: number[] = [];
  for (let round = 0; round < coldRounds; round++) {
    henMs.push(await coldRead('hen-productivity', pick(economy.hens).id, env));
    containerMs.push(await coldRead('container-inventory', pick(storage.containerIds), env));
  }
  return { ...result, coldFirstRead: { henProductivityMs: median(henMs), containerInventoryMs: median(containerMs), rounds: coldRounds } };
}

