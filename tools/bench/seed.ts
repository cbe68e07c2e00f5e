/**
 * The bench's data: 50 farms × 4 coops × 10 hens created over REST, and 100,000 lay reports
 * (so a hen's history is not trivially short). Against a stack the bench started, the lay
 * reports are appended straight to its log (seedRows); against BENCH_URL they go over REST.
 */
import { createRepository } from '@egg/storage-core';
import { loadStorageConfig, openEventLog } from '@egg/storage-config';
import { seedCreate } from './client.ts';
import { parallel } from './parallel.ts';

export interface Hen {
  id: string;
  coop_id: string;
  farm_id: string;
}

export interface Economy {
  farmIds: string[];
  hens: Hen[];
  layReports: number;
  seconds: number;
}

export interface SeedSize {
  farms: number;
  coopsPerFarm: number;
  hensPerCoop: number;
  layReports: number;
}

const QUALITIES = ['grade_a', 'grade_b', 'cracked', 'double_yolk'];
const IN_FLIGHT = 16;

export function layReport(hen: Hen, i: number): Record<string, unknown> {
  return {
    hen_id: hen.id,
    coop_id: hen.coop_id,
    farm_id: hen.farm_id,
    eggs: i % 3,
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    quality: QUALITIES[i % QUALITIES.length],
  };
}

/** `storageEnv`: the stack's storage configuration, to append lay reports directly; absent → over REST. */
export async function seedEconomy(base: string, size: SeedSize, storageEnv?: NodeJS.ProcessEnv): Promise<Economy> {
  const start = performance.now();
  const farms = await parallel([...Array(size.farms).keys()], IN_FLIGHT, (i) =>
    seedCreate(base, 'farm', { name: `farm ${i}`, farm_type: 'local_farm', zone: `zone ${i % 5}` }),
  );
  const coops = await parallel(
    farms.flatMap((farm) => [...Array(size.coopsPerFarm).keys()].map((j) => ({ farm, j }))),
    IN_FLIGHT,
    async ({ farm, j }) => ({ farm_id: farm.id, ...(await seedCreate(base, 'coop', { name: `coop ${j}`, farm_id: farm.id, capacity: 20, coop_type: 'barn' })) }),
  );
  const hens = await parallel(
    coops.flatMap((coop) => [...Array(size.hensPerCoop).keys()].map((k) => ({ coop, k }))),
    IN_FLIGHT,
    async ({ coop, k }): Promise<Hen> => {
      const hen = await seedCreate(base, 'hen', { name: `hen ${k}`, coop_id: coop.id, breed: 'leghorn' });
      return { id: hen.id, coop_id: coop.id, farm_id: coop.farm_id };
    },
  );
  const reports = [...Array(size.layReports).keys()].map((i) => ['lay_report', layReport(hens[i % hens.length], i)] as const);
  await seedRows(base, reports, storageEnv);
  return { farmIds: farms.map((f) => f.id), hens, layReports: reports.length, seconds: (performance.now() - start) / 1000 };
}

const BATCH = 1000;

/**
 * The bench's one way to write many rows (of any entities): with `storageEnv` (the stack's storage
 * configuration), straight into the stack's log through each entity's repository, `BATCH` rows at
 * a time, as the entity's own function would write them; without, over REST (against BENCH_URL).
 */
export async function seedRows(base: string, rows: (readonly [entity: string, payload: Record<string, unknown>])[], storageEnv?: NodeJS.ProcessEnv): Promise<void> {
  if (!storageEnv) {
    await parallel(rows, IN_FLIGHT * 2, ([entity, payload]) => seedCreate(base, entity, payload));
    return;
  }
  const config = loadStorageConfig(storageEnv);
  const log = await openEventLog(config);
  try {
    for (let from = 0; from < rows.length; from += BATCH) {
      const byEntity = new Map<string, Record<string, unknown>[]>();
      for (const [entity, payload] of rows.slice(from, from + BATCH)) byEntity.set(entity, [...(byEntity.get(entity) ?? []), payload]);
      for (const [entity, payloads] of byEntity) {
        await createRepository(log, entity, { partitions: config.partitions }).createMany(payloads.map((payload) => ({ payload })));
      }
    }
  } finally {
    await log.close();
  }
}
