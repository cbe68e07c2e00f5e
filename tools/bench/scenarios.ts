/**
 * The four reference scenarios (README, "Benchmarks") against a running stack. Latencies in ms;
 * compared figures are sampled alternately in one run (stats.ts `alternate`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { call, create, graphql } from './client.ts';
import { layReport, type Economy, type Hen } from './seed.ts';
import { alternate, summarize, type Latency } from './stats.ts';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export const FARM_TREE = 'query($id: ID!) { farm(id: $id) { id name coops { id name hens { id name breed } } } }';
export const FARM_TREE_LAYS =
  'query($id: ID!) { farm(id: $id) { id name coops { id name hens { id name layReports { id eggs quality } } } } }';
export const HEN = 'query($id: ID!) { hen(id: $id) { id name breed } }';

type Tree = { farm: { coops: { hens: { layReports?: unknown[] }[] }[] } | null };

function checkTree(data: Tree, coops: number, hens: number): void {
  const found = data.farm?.coops.flatMap((c) => c.hens).length;
  if (data.farm?.coops.length !== coops || found !== hens) throw new Error(`farm tree has ${data.farm?.coops.length} coops, ${found} hens`);
}

/** A bare node:http server answering every request with a small JSON body, in its own process. */
async function bareServer(): Promise<{ url: string; child: ChildProcess }> {
  const source = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json' }); res.end('{"id":"x"}'); }); })
    .listen(0, '127.0.0.1', function () { process.send(this.address().port); });`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
  return { url: `http://127.0.0.1:${port}/`, child };
}

/** 256 bytes appended and fdatasync'd with plain fs in `dir`: what one durable write costs there. */
function fsyncFloor(dir: string): { sample: () => void; close: () => void } {
  const file = path.join(dir, 'bench-fsync-floor.bin');
  const fd = fs.openSync(file, 'a');
  const record = Buffer.alloc(256, 0x61);
  return {
    sample: () => {
      fs.writeSync(fd, record);
      fs.fdatasyncSync(fd);
    },
    close: () => {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    },
  };
}

export interface CrudResult {
  create: Latency;
  read: Latency;
  /** hen(id) posted straight to the hen subgraph (/hen/graph), not through the gateway. */
  subgraphHen: Latency;
  fsyncFloor: Latency;
  /** A bare node:http server's round trip for a small JSON POST (what creates and hen(id) are compared with). */
  bareHttp: Latency;
  /** The same server's round trip for a GET (what the read by id is compared with): a POST body costs a second read. */
  bareHttpGet: Latency;
}

/**
 * 1. One user: REST create, then read back by id, and hen(id) straight to its subgraph; the fsync
 * floor and a bare node:http round trip (a POST and a GET) beside them.
 */
export async function warmCrud(base: string, economy: Economy, dataDir: string | undefined, rounds: number): Promise<CrudResult> {
  const bare = await bareServer();
  const floor = dataDir ? fsyncFloor(dataDir) : undefined;
  let last: string | undefined;
  let i = 0;
  try {
    const samples = await alternate(
      {
        create: async () => {
          last = (await create(base, 'lay_report', layReport(pick(economy.hens), i++))).id;
        },
        read: async () => {
          if (last === undefined) return;
          const { status, body } = await call(`${base}/lay_report/api/${last}`);
          if (status !== 200 || (body as { id: string }).id !== last) throw new Error(`read back of ${last} answered ${status}`);
        },
        subgraphHen: async () => {
          const hen = pick(economy.hens);
          const data = await graphql<{ hen: { id: string } | null }>(base, HEN, { id: hen.id }, '/hen/graph');
          if (data.hen?.id !== hen.id) throw new Error(`subgraph hen(${hen.id}) answered ${JSON.stringify(data)}`);
        },
        bareHttp: async () => {
          const { status } = await call(bare.url, { body: { name: 'x' } });
          if (status !== 201) throw new Error(`bare server answered ${status}`);
        },
        bareHttpGet: async () => {
          const { status } = await call(bare.url);
          if (status !== 201) throw new Error(`bare server answered ${status}`);
        },
        ...(floor ? { fsyncFloor: floor.sample } : {}),
      },
      { warmup: Math.ceil(rounds / 5), rounds },
    );
    return {
      create: summarize(samples.create),
      read: summarize(samples.read),
      subgraphHen: summarize(samples.subgraphHen),
      bareHttp: summarize(samples.bareHttp),
      bareHttpGet: summarize(samples.bareHttpGet),
      fsyncFloor: summarize(samples.fsyncFloor ?? [NaN]),
    };
  } finally {
    floor?.close();
    bare.child.kill();
  }
}

export interface FederatedResult {
  farmTree: Latency;
  farmTreeLayReports: Latency;
  hen: Latency;
  layReportsPerTree: number;
}

/** 2. One user through the gateway: farm(id){coops{hens}}, the same with hens' layReports, and hen(id). */
export async function federated(base: string, economy: Economy, shape: { coops: number; hens: number }, rounds: number): Promise<FederatedResult> {
  let layReports = 0;
  const samples = await alternate(
    {
      farmTree: async () => checkTree(await graphql<Tree>(base, FARM_TREE, { id: pick(economy.farmIds) }), shape.coops, shape.hens),
      farmTreeLayReports: async () => {
        const data = await graphql<Tree>(base, FARM_TREE_LAYS, { id: pick(economy.farmIds) });
        checkTree(data, shape.coops, shape.hens);
        layReports = data.farm!.coops.flatMap((c) => c.hens).reduce((n, h) => n + (h.layReports?.length ?? 0), 0);
      },
      hen: async () => {
        const hen = pick(economy.hens);
        const data = await graphql<{ hen: { id: string } | null }>(base, HEN, { id: hen.id });
        if (data.hen?.id !== hen.id) throw new Error(`hen(${hen.id}) answered ${JSON.stringify(data)}`);
      },
    },
    { warmup: Math.ceil(rounds / 5), rounds },
  );
  return {
    farmTree: summarize(samples.farmTree),
    farmTreeLayReports: summarize(samples.farmTreeLayReports),
    hen: summarize(samples.hen),
    layReportsPerTree: layReports,
  };
}

export interface LoadResult {
  latency: Latency;
  requests: number;
  perSecond: number;
  errors: number;
  timeouts: number;
  seconds: number;
  mix: Record<string, number>;
}

/** 3. Ten users for a fixed time: 30 % REST create, 40 % hen(id), 30 % farm(id){coops{hens}} (autocannon). */
export async function concurrentUsers(base: string, economy: Economy, users: number, seconds: number): Promise<LoadResult> {
  const mix: Record<string, number> = { create: 0, simple: 0, federated: 0 };
  let bad = 0;
  const json = { 'content-type': 'application/json' };
  const step = (kind: 'create' | 'simple' | 'federated'): autocannon.Request => ({
    method: 'POST',
    path: kind === 'create' ? '/lay_report/api' : '/graphql',
    headers: json,
    setupRequest: (request) => {
      mix[kind]++;
      const hen: Hen = pick(economy.hens);
      const body =
        kind === 'create'
          ? layReport(hen, mix.create)
          : kind === 'simple'
            ? { query: HEN, variables: { id: hen.id } }
            : { query: FARM_TREE, variables: { id: pick(economy.farmIds) } };
      return { ...request, body: JSON.stringify(body) };
    },
    onResponse: (status, body) => {
      const ok = kind === 'create' ? status === 201 : status === 200 && !body.includes('"errors"');
      if (!ok) bad++;
    },
  });
  // Each connection cycles through these ten: 3 creates, 4 simple, 3 federated, interleaved.
  const sequence = (['create', 'simple', 'federated', 'simple', 'create', 'simple', 'federated', 'create', 'simple', 'federated'] as const).map(step);
  const run = async (duration: number, record: boolean) => {
    const latencies: number[] = [];
    const instance = autocannon({ url: base, connections: users, duration, timeout: 30, requests: sequence });
    if (record) instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
    const result = await instance;
    return { result, latencies };
  };
  await run(Math.max(2, Math.round(seconds / 5)), false);
  for (const key of Object.keys(mix)) mix[key] = 0;
  bad = 0;
  const { result, latencies } = await run(seconds, true);
  return {
    latency: summarize(latencies),
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    // Checks that failed (non-2xx included), and connection errors other than timeouts.
    errors: bad + result.errors - result.timeouts,
    timeouts: result.timeouts,
    seconds,
    mix,
  };
}
