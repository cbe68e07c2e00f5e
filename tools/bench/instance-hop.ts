/**
 * What one event costs inside the local stack, beside the HTTP round trip the per-request targets
 * compare with: an event sent to a function instance over IPC as the router sends it (the local
 * stand-in for API Gateway invoking Lambda), for a REST read by id and a subgraph hen(id), and
 * the same hop to an instance whose handler answers a constant (the hop alone). Sampled
 * alternately on the seeded data, in the bench's process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionPool } from '@egg/local-stack/pool';
import { HEN } from './scenarios.ts';
import type { Economy } from './seed.ts';
import { BENCH_NODE_OPTIONS, event, invoke, startInstance } from './startup.ts';
import { alternate, summarize } from './stats.ts';

export interface InstanceHop {
  samples: number;
  /** p50 ms of each event, from send to answer. */
  readP50Ms: number;
  subgraphHenP50Ms: number;
  constantP50Ms: number;
}

const CONSTANT_HANDLER = 'export const handler = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" });\n';

export async function instanceHop(samples: number, economy: Economy, entityEnv: NodeJS.ProcessEnv): Promise<InstanceHop> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-hop-'));
  const bundle = path.join(dir, 'index.mjs');
  fs.writeFileSync(bundle, CONSTANT_HANDLER);
  const NODE_OPTIONS = BENCH_NODE_OPTIONS.entity;
  const [hen, constant] = await Promise.all([
    startInstance('hen', { ...process.env, ...entityEnv, NODE_OPTIONS }),
    FunctionPool.start({ name: 'constant', bundle, instances: 1, env: { ...process.env, NODE_OPTIONS }, execArgv: [], logs: 'ignore' }),
  ]);
  const pick = () => economy.hens[Math.floor(Math.random() * economy.hens.length)].id;
  const expect200 = async (pool: FunctionPool, e: ReturnType<typeof event>) => {
    const result = await invoke(pool, e);
    if (result.statusCode !== 200) throw new Error(`${e.rawPath} answered ${result.statusCode}: ${result.body}`);
  };
  try {
    const s = await alternate(
      {
        read: () => expect200(hen, event('GET', `/hen/api/${pick()}`)),
        subgraphHen: () => expect200(hen, event('POST', '/hen/graph', { query: HEN, variables: { id: pick() } })),
        constant: () => expect200(constant, event('GET', '/constant')),
      },
      { warmup: Math.ceil(samples / 5), rounds: samples },
    );
    return { samples, readP50Ms: summarize(s.read).p50, subgraphHenP50Ms: summarize(s.subgraphHen).p50, constantP50Ms: summarize(s.constant).p50 };
  } finally {
    await Promise.all([hen.close(), constant.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
