/**
 * Hostile-read benchmark (not a test): builds, starts the local stack on a temp data dir, seeds
 * 1,000 hens over REST, then measures a simple gateway query's latency alone and while the
 * largest query the limits allow runs back to back, and how fast the hostile reads of
 * e2e/src/hostile.test.ts are refused. Prints a table, writes dist/bench/hostile.json.
 * Entity functions start with INSTANCES processes and scale out on demand to MAX_INSTANCES, as
 * Lambda would; the gateway scales out to 4 in any local stack.
 * Env: INSTANCES (1, as `npm start`), MAX_INSTANCES (4), SKIP_BUILD=1, BENCH_RUNS (300).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { buildAll } from '@egg/local-stack/build';
import { startLocalStack } from '@egg/local-stack/stack';
import { call } from './client.ts';
import { parallel } from './parallel.ts';
import { percentile } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FARMS = 5;
const COOPS_PER_FARM = 4;
const HENS = 1_000;

async function ok(url: string, body: unknown): Promise<Record<string, unknown>> {
  const reply = await call(url, { body });
  const json = reply.body as Record<string, unknown>;
  if (reply.status >= 300 || json.errors) throw new Error(`${url}: ${reply.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

interface Stat {
  name: string;
  runs: number;
  p50: number;
  p99: number;
  max: number;
}

async function time(name: string, runs: number, fn: () => Promise<unknown>): Promise<Stat> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { name, runs, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] };
}

/** A fragment chain where each fragment spreads the next twice, `levels` deep: 2^levels selections expanded. */
function fragmentBomb(levels: number): string {
  let fragments = `fragment F${levels} on Farm { name }`;
  for (let i = levels - 1; i >= 0; i--) fragments += ` fragment F${i} on Farm { coops { farm { ...F${i + 1} ...F${i + 1} } } }`;
  return `{ farms { ...F0 } } ${fragments}`;
}

async function main(): Promise<void> {
  if (process.env.SKIP_BUILD !== '1') buildAll();
  const instances = Number(process.env.INSTANCES || 1);
  const maxInstances = Number(process.env.MAX_INSTANCES || 4);
  const runs = Number(process.env.BENCH_RUNS || 300);
  const limits = loadGraphLimits();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-hostile-'));
  const stack = await startLocalStack({ port: 0, dataDir, instances, maxInstances, logs: 'ignore' });
  const graphql = `${stack.url}/graphql`;
  try {
    const farms = await parallel([...Array(FARMS).keys()], 4, (i) =>
      ok(`${stack.url}/farm/api`, { name: `farm ${i}`, farm_type: 'local_farm', zone: 'bench' }),
    );
    const coops = await parallel(
      farms.flatMap((f) => [...Array(COOPS_PER_FARM).keys()].map((j) => ({ farm_id: f.id, j }))),
      4,
      ({ farm_id, j }) => ok(`${stack.url}/coop/api`, { name: `coop ${j}`, farm_id, capacity: 100, coop_type: 'barn' }),
    );
    await parallel([...Array(HENS).keys()], 8, (k) =>
      ok(`${stack.url}/hen/api`, { name: `hen ${k}`, coop_id: coops[k % coops.length].id, breed: 'leghorn' }),
    );

    // The largest query the limits allow: as many aliases of the biggest hen tree as the cost budget holds.
    const perAlias = limits.listMax * 3; // hen + coop + farm per hen
    const aliases = Math.min(limits.maxAliases, Math.floor(limits.maxCost / perAlias));
    const maximal = `{ ${Array.from({ length: aliases }, (_, i) => `h${i}: hens(limit: ${limits.listMax}) { id name coop { name farm { name } } }`).join(' ')} }`;
    const simple = { query: 'query($id: ID!) { farm(id: $id) { id name } }', variables: { id: farms[0].id } };

    for (let i = 0; i < 20; i++) await ok(graphql, simple); // warm the path
    const alone = await time('simple farm(id) alone', runs, () => ok(graphql, simple));

    // One client runs the maximal query back to back while the simple one is timed.
    // Its answer is bounded either way: complete, or the gateway's time limit (504) on a slow machine.
    let running = true;
    const maximalMs: number[] = [];
    const maximalStatuses: Record<string, number> = {};
    let maximalBytes = 0;
    const loop = (async () => {
      while (running) {
        const start = performance.now();
        let status: number | string;
        try {
          // Not the bench client: what counts here is the answer's size in bytes as sent, unparsed.
          const res = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: maximal }) });
          maximalBytes = Math.max(maximalBytes, (await res.arrayBuffer()).byteLength);
          status = res.status;
        } catch (error) {
          status = (error as Error).message; // counted, not fatal: the figure is the simple query's
        }
        maximalMs.push(performance.now() - start);
        maximalStatuses[status] = (maximalStatuses[status] ?? 0) + 1;
      }
    })();
    // Until the first maximal answer, simple queries run beside it so every pool has scaled out: the
    // figures are of warm instances, not of cold starts.
    while (maximalMs.length === 0) await Promise.all(Array.from({ length: 4 }, () => ok(graphql, simple)));
    const underLoad = await time('simple farm(id) while the maximal query runs', runs, () => ok(graphql, simple));
    running = false;
    await loop;
    maximalMs.sort((a, b) => a - b);
    const statuses = Object.entries(maximalStatuses).map(([status, n]) => `${n}× ${status}`).join(', ');
    const maximalStat: Stat = {
      name: `maximal allowed query (${aliases} × hens(limit: ${limits.listMax}) → coop → farm; ${statuses}; ≤ ${(maximalBytes / 1e6).toFixed(1)} MB)`,
      runs: maximalMs.length,
      p50: percentile(maximalMs, 50),
      p99: percentile(maximalMs, 99),
      max: maximalMs[maximalMs.length - 1],
    };

    const refusal = async (name: string, url: string, query: string): Promise<Stat & { status: number }> => {
      const { status } = await call(url, { body: { query } });
      if (status < 400 || status >= 500) throw new Error(`${name}: expected a 4xx, got ${status}`);
      return { ...(await time(name, 20, () => call(url, { body: { query } }))), status };
    };
    const refusals = [
      await refusal('fragment bomb, 26 levels (refused)', graphql, fragmentBomb(26)),
      await refusal('150 aliased farms lists (refused)', graphql, `{ ${Array.from({ length: 150 }, (_, i) => `a${i}: farms { name }`).join(' ')} }`),
      await refusal('30 × hens(limit: 1000) { coop } (refused: cost)', graphql, `{ ${Array.from({ length: 30 }, (_, i) => `h${i}: hens(limit: 1000) { id coop { name } }`).join(' ')} }`),
      await refusal('82 KB query straight to /farm/graph (refused)', `${stack.url}/farm/graph`, `{ farms { ${Array.from({ length: 8_000 }, (_, i) => `f${i}: name`).join(' ')} } }`),
    ];

    const stats = [alone, underLoad, maximalStat, ...refusals];
    console.log(`\n${HENS} hens in ${coops.length} coops on ${FARMS} farms; ${instances} to ${maxInstances} instance(s) per entity function, 1 to 4 of the gateway`);
    console.log(`${'operation'.padEnd(78)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
    for (const s of stats) {
      console.log(`${s.name.padEnd(78)} ${String(s.runs).padStart(5)} ${s.p50.toFixed(1).padStart(9)} ${s.p99.toFixed(1).padStart(9)} ${s.max.toFixed(1).padStart(9)}`);
    }
    console.log(`\nsimple query p99 under load / alone: ${(underLoad.p99 / alone.p99).toFixed(1)}×`);

    const out = path.join(root, 'dist/bench/hostile.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const report = { when: new Date().toISOString(), node: process.version, instances, maxInstances, hens: HENS, limits, maximalStatuses, stats };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report));
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
