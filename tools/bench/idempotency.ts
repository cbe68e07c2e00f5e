/**
 * What an Idempotency-Key costs: a POST without a key, with a fresh key (claim, entity, and the
 * claim's record of it: three durable appends), and its replay, sampled alternately on the file
 * log in BENCH_DIR (default: the OS temp dir). Prints medians and p99s as JSON.
 * Usage: tsx tools/bench/idempotency.ts [samples=1000]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimsTopic, createEntityApp, createIdempotency, type Claim } from '@egg/entity-runtime';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { loadDeclaration } from '@egg/bundle/supergraph';
import { percentile } from './stats.ts';

const WARM_UP = 200;
const samples = Number(process.argv[2] ?? 1000);
const apps = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');
const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-idempotency-'));
const log = await FileEventLog.open(dir);
try {
  const farm = await loadDeclaration(apps, 'farm');
  const entities = createRepository(log, farm.name);
  const claims = createRepository<Claim>(log, claimsTopic(farm));
  const app = createEntityApp(farm, entities, { idempotency: createIdempotency(entities, claims, { windowMs: 86_400_000 }) });
  const body = JSON.stringify({ name: 'Bench Farm', farm_type: 'homestead', zone: 'bench' });
  const post = async (headers: Record<string, string>): Promise<number> => {
    const started = performance.now();
    const response = await app({ method: 'POST', path: '/farm/api', query: {}, headers: { 'content-type': 'application/json', ...headers }, body });
    if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.body}`);
    return performance.now() - started;
  };
  const times = { plain: [] as number[], keyed: [] as number[], replay: [] as number[] };
  for (let i = 0; i < WARM_UP + samples; i++) {
    const key = randomUUID();
    const sample = { plain: await post({}), keyed: await post({ 'idempotency-key': key }), replay: await post({ 'idempotency-key': key }) };
    if (i >= WARM_UP) for (const kind of Object.keys(times) as (keyof typeof times)[]) times[kind].push(sample[kind]);
  }
  const figures = Object.fromEntries(
    Object.entries(times).map(([kind, ms]) => [kind, { p50_ms: +percentile(ms, 50).toFixed(3), p99_ms: +percentile(ms, 99).toFixed(3) }]),
  );
  const ratio = percentile(times.keyed, 50) / percentile(times.plain, 50);
  console.log(JSON.stringify({ dir: path.dirname(dir), samples, ...figures, keyed_over_plain_p50: +ratio.toFixed(2) }));
} finally {
  await log.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
