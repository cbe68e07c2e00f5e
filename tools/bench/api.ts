/**
 * API benchmark (not a test): builds, starts the local stack on a temp data dir, seeds
 * 50 farms × 4 coops × 10 hens over REST, then times a REST create, a subgraph `farm(id)` read
 * and `farms { coops { hens } }` through the gateway. Prints a table, writes JSON.
 * Env: INSTANCES (2), SKIP_BUILD=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_FUNCTIONS } from '../bundle/functions.ts';
import { bundlePath } from '../bundle/bundle.ts';
import { buildAll } from '../local-stack/build.ts';
import { startLocalStack } from '../local-stack/stack.ts';
import { parallel } from './parallel.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FARMS = 50;
const COOPS = 4;
const HENS = 10;

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300 || json.errors) throw new Error(`${url}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

interface Stat {
  name: string;
  runs: number;
  p50: number;
  p99: number;
}

async function time(name: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<Stat> {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(-1 - i); // warm every instance
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { name, runs, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  if (process.env.SKIP_BUILD !== '1') buildAll();
  const instances = Number(process.env.INSTANCES || 2);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-api-'));
  const stack = await startLocalStack({ port: 0, dataDir, instances, logs: 'ignore' });
  try {
    const seedStart = performance.now();
    const farms = await parallel([...Array(FARMS).keys()], 8, (i) =>
      post(`${stack.url}/farm/api`, { name: `farm ${i}`, farm_type: 'local_farm', zone: `z${i % 5}` }),
    );
    const coops = await parallel(
      farms.flatMap((f) => [...Array(COOPS).keys()].map((j) => ({ farm_id: f.id, j }))),
      8,
      ({ farm_id, j }) => post(`${stack.url}/coop/api`, { name: `coop ${j}`, farm_id, capacity: 20, coop_type: 'barn' }),
    );
    await parallel(
      coops.flatMap((c) => [...Array(HENS).keys()].map((k) => ({ coop_id: c.id, k }))),
      8,
      ({ coop_id, k }) => post(`${stack.url}/hen/api`, { name: `hen ${k}`, coop_id, breed: 'leghorn' }),
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const seeded = FARMS + FARMS * COOPS + FARMS * COOPS * HENS;

    const farmQuery = 'query($id: ID!) { farm(id: $id) { id name zone farm_type } }';
    const treeQuery = '{ farms { id name coops { id name hens { id name breed } } } }';
    const tree = (await post(`${stack.url}/graphql`, { query: treeQuery })) as { data: { farms: { coops: { hens: unknown[] }[] }[] } };
    const hensInTree = tree.data.farms.flatMap((f) => f.coops.flatMap((c) => c.hens)).length;
    if (hensInTree !== FARMS * COOPS * HENS) throw new Error(`tree has ${hensInTree} hens, expected ${FARMS * COOPS * HENS}`);

    const stats = [
      await time('REST create (POST /container/api)', 200, (i) =>
        post(`${stack.url}/container/api`, { name: `c${i}`, container_type: 'fridge', capacity: 10, zone: 'z' }),
      ),
      await time('subgraph farm(id) (POST /farm/graph)', 300, (i) =>
        post(`${stack.url}/farm/graph`, { query: farmQuery, variables: { id: farms[Math.abs(i) % FARMS].id } }),
      ),
      await time(`gateway farms{coops{hens}} (${hensInTree} hens)`, 30, () => post(`${stack.url}/graphql`, { query: treeQuery })),
    ];
    const bundles = Object.fromEntries(ALL_FUNCTIONS.map((f) => [f, fs.statSync(bundlePath(f)).size]));

    console.log(`\nseeded ${seeded} entities over REST in ${seedSeconds.toFixed(1)} s (8 in flight, ${instances} instance(s) per entity function)`);
    console.log(`${'operation'.padEnd(48)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
    for (const s of stats) {
      console.log(`${s.name.padEnd(48)} ${String(s.runs).padStart(5)} ${s.p50.toFixed(2).padStart(9)} ${s.p99.toFixed(2).padStart(9)}`);
    }
    console.log('\nbundle sizes');
    for (const [name, bytes] of Object.entries(bundles)) console.log(`  ${name.padEnd(22)} ${(bytes / 1024).toFixed(0).padStart(6)} KiB`);

    const out = path.join(root, 'dist/bench/api.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const report = { when: new Date().toISOString(), node: process.version, instances, seeded, seedSeconds, stats, bundles };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(root, out)}`);
  } finally {
    await stack.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
