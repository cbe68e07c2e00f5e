/**
 * §3: cold start of each function (process spawn to its first answered event, beside a bare
 * `node -e 0` spawned in the same rounds), resident memory after 10,000 events, bundle sizes
 * and where their bytes come from. A function runs in the local stack's process pool (harness.mjs,
 * events over IPC) but without --enable-source-maps and with the NODE_OPTIONS infra deploys
 * (@egg/shared-contract), as Lambda runs it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTION_MEMORY_MB, httpApiEvent, lambdaNodeOptions } from '@egg/shared-contract';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bundlePath, CHUNK_DIR, metafilePath } from '@egg/bundle/bundle';
import { FunctionPool, setPriority } from '@egg/local-stack/pool';
import { findDeployables, nameOf } from '@egg/shared-catalog';
import { FARM_TREE, HEN } from './scenarios.ts';
import type { Economy } from './seed.ts';
import { median } from './stats.ts';

/** The workspace root: esbuild's metafile names outputs relative to it (bundles are built from there). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The NODE_OPTIONS infra deploys, at the prod stage's memory: its heap caps are the larger, so
 * the figures are the higher of the two stages'.
 */
export const BENCH_NODE_OPTIONS = {
  entity: lambdaNodeOptions(FUNCTION_MEMORY_MB.prod.entity),
  gateway: lambdaNodeOptions(FUNCTION_MEMORY_MB.prod.gateway),
} as const;
const nodeOptions = (folder: string): string => (folder === 'gateway' ? BENCH_NODE_OPTIONS.gateway : BENCH_NODE_OPTIONS.entity);

/** An HTTP API event as the local router makes it, a JSON body when there is one. */
export const event = (method: string, path: string, body?: unknown): APIGatewayProxyEventV2 =>
  httpApiEvent({ method, path, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/**
 * Node at a raised priority (as root; the default where not allowed): on a machine shared with
 * other work, a short process is favoured by the scheduler over a longer one, which would inflate
 * every ratio to bare node. Both sides of each ratio are started this way.
 */
const PRIORITY = -10;

/** One instance of the function in `folder`, started as Lambda starts it; resolves once it is ready for events. */
export const startInstance = (folder: string, env: NodeJS.ProcessEnv): Promise<FunctionPool> =>
  FunctionPool.start({ name: nameOf(folder), bundle: bundlePath(folder), instances: 1, env, execArgv: [], priority: PRIORITY, logs: 'ignore' });

/** An instance's result as API Gateway reads it (the bench's functions answer objects, never a bare string). */
export const invoke = async (instance: FunctionPool, e: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  (await instance.invoke(e)) as APIGatewayProxyStructuredResultV2;

/** A one-instance pool's resident set now and at its peak (Linux /proc), bytes. */
function memoryOf(instance: FunctionPool): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${instance.pids()[0]}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function firstEvent(folder: string, kind: 'rest' | 'graphql'): APIGatewayProxyEventV2 {
  if (folder === 'gateway') return event('POST', '/graphql', { query: '{ __typename }' });
  const name = nameOf(folder);
  return kind === 'rest' ? event('GET', `/${name}/api/${MISSING_ID}`) : event('POST', `/${name}/graph`, { query: '{ __typename }' });
}

async function coldStartOnce(folder: string, kind: 'rest' | 'graphql', env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const instance = await startInstance(folder, env);
  const result = await invoke(instance, firstEvent(folder, kind));
  const ms = performance.now() - start;
  await instance.close();
  const expected = kind === 'rest' && folder !== 'gateway' ? 404 : 200;
  if (result.statusCode !== expected) throw new Error(`${folder} first ${kind} event answered ${result.statusCode}: ${result.body}`);
  return ms;
}

function bareNode(): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
      .once('exit', () => resolve(performance.now() - start))
      .once('error', reject);
    setPriority(child, PRIORITY);
  });
}

export interface ColdStart {
  bareNodeMs: number;
  /**
   * Folder → median ms from spawn to its first answered event, by the kind of that event (an
   * entity meets both every round; the gateway's first is a GraphQL query).
   */
  functions: Record<string, FunctionColdStart>;
}

export interface FunctionColdStart {
  restMs?: number;
  graphqlMs: number;
  rounds: number;
}

/**
 * Every function `rounds` times per kind of first event, a bare node spawned before each
 * function's turn, on an empty data dir. An entity answers its REST and its GraphQL first events
 * in turn (each in a fresh instance): a REST instance never loads the GraphQL executor, so the
 * two differ, and each is reported.
 */
export async function coldStarts(rounds: number, gatewayEnv: NodeJS.ProcessEnv): Promise<ColdStart> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-cold-'));
  const base = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true' };
  const entityEnv = { ...base, EGG_STORAGE: 'file', DATA_DIR: dataDir };
  const bare: number[] = [];
  const deployables = findDeployables();
  const samples = new Map(deployables.map(({ folder: f }) => [f, { rest: [] as number[], graphql: [] as number[] }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [i, { folder }] of deployables.entries()) {
        const kinds = folder === 'gateway' ? (['graphql'] as const) : (round + i) % 2 === 0 ? (['rest', 'graphql'] as const) : (['graphql', 'rest'] as const);
        const env = folder === 'gateway' ? { ...base, ...gatewayEnv } : entityEnv;
        for (const kind of kinds) {
          bare.push(await bareNode());
          samples.get(folder)![kind].push(await coldStartOnce(folder, kind, { ...env, NODE_OPTIONS: nodeOptions(folder) }));
        }
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    bareNodeMs: median(bare),
    functions: Object.fromEntries(
      [...samples].map(([folder, s]) => {
        const graphqlMs = median(s.graphql);
        const restMs = s.rest.length > 0 ? median(s.rest) : undefined;
        return [folder, { ...(restMs === undefined ? {} : { restMs }), graphqlMs, rounds }];
      }),
    ),
  };
}

export interface Memory {
  requests: number;
  rssBytes: number;
  peakBytes: number;
}

/** Runs `requests` events through one fresh instance, `inFlight` at a time, every answer checked; then its RSS. */
async function memoryAfter(folder: string, env: NodeJS.ProcessEnv, requests: number, next: (i: number) => [APIGatewayProxyEventV2, number]): Promise<Memory> {
  const instance = await startInstance(folder, env);
  try {
    let i = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (i < requests) {
          const [e, status] = next(i++);
          const result = await invoke(instance, e);
          if (result.statusCode !== status || result.body?.includes('"errors"')) {
            throw new Error(`${folder} answered ${result.statusCode} to ${e.rawPath}: ${result.body?.slice(0, 200)}`);
          }
        }
      }),
    );
    const { rss, peak } = memoryOf(instance);
    return { requests, rssBytes: rss, peakBytes: peak };
  } finally {
    await instance.close();
  }
}

/** The hen function (entity) and the gateway, each after `requests` mixed events on the seeded data. */
export async function memory(requests: number, economy: Economy, entityEnv: NodeJS.ProcessEnv, gatewayEnv: NodeJS.ProcessEnv) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
  const base = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true' };
  // Side by side: separate processes, so neither's figure depends on the other; the run is shorter.
  const [entity, gateway] = await Promise.all([
    memoryAfter('hen', { ...base, ...entityEnv, NODE_OPTIONS: BENCH_NODE_OPTIONS.entity }, requests, (i) => {
      const hen = pick(economy.hens);
      if (i % 10 === 0) return [event('POST', '/hen/api', { name: `rss ${i}`, coop_id: hen.coop_id, breed: 'leghorn' }), 201];
      if (i % 2) return [event('GET', `/hen/api/${hen.id}`), 200];
      return [event('POST', '/hen/graph', { query: HEN, variables: { id: hen.id } }), 200];
    }),
    memoryAfter('gateway', { ...base, ...gatewayEnv, NODE_OPTIONS: BENCH_NODE_OPTIONS.gateway }, requests, (i) =>
      i % 20 === 0
        ? [event('POST', '/graphql', { query: FARM_TREE, variables: { id: pick(economy.farmIds) } }), 200]
        : [event('POST', '/graphql', { query: HEN, variables: { id: pick(economy.hens).id } }), 200],
    ),
  ]);
  return { entity: { function: 'hen', ...entity }, gateway: { function: 'gateway', ...gateway } };
}

export interface BundleSize {
  /** What a cold start reads: index.mjs and every chunk it imports statically. */
  bytes: number;
  /** Chunks read only when a path that needs them runs (kafkajs, the tracer). */
  lazyBytes: number;
  mapBytes: number;
  /** The largest packages in it (esbuild metafile: bytes each left in the output). */
  top: { input: string; bytes: number }[];
}

const packageOf = (input: string): string => /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 3).join('/');

/** index.mjs and the chunks it imports statically, transitively (esbuild writes `from"./chunks/…"` / `import"./…"`). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = fs.readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+\.mjs)"/g)) staticClosure(path.resolve(path.dirname(file), m[1]), seen);
  return seen;
}

export function bundleSizes(): Record<string, BundleSize> {
  return Object.fromEntries(
    findDeployables().map(({ folder }) => {
      const file = bundlePath(folder);
      // Absent when the bundle came from Nx's cache (its outputs are the function folder only).
      const meta = fs.existsSync(metafilePath(folder))
        ? (JSON.parse(fs.readFileSync(metafilePath(folder), 'utf8')) as { outputs: Record<string, { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }> })
        : { outputs: {} };
      const loaded = staticClosure(file);
      // Inputs of every output a cold start reads (index.mjs and its static chunks).
      const inputs = Object.entries(meta.outputs)
        .filter(([out]) => loaded.has(path.resolve(ROOT, out)))
        .flatMap(([, o]) => Object.entries(o.inputs));
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of inputs) byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([input, bytes]) => ({ input, bytes }));
      const chunkDir = path.join(path.dirname(file), CHUNK_DIR);
      const chunks = fs.existsSync(chunkDir) ? fs.readdirSync(chunkDir).filter((f) => f.endsWith('.mjs')).map((f) => path.join(chunkDir, f)) : [];
      const size = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + fs.statSync(f).size, 0);
      const lazyBytes = size(chunks.filter((f) => !loaded.has(f)));
      return [folder, { bytes: size(loaded), lazyBytes, mapBytes: fs.existsSync(`${file}.map`) ? fs.statSync(`${file}.map`).size : 0, top }];
    }),
  );
}
