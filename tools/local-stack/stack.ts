/** Starts the 14 functions, each instance its own process, behind one router. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorBody, JSON_TYPE } from '@egg/contract';
import { ENTITY_NAMES, kebab } from '../bundle/functions.ts';
import { FunctionPool } from './pool.ts';
import { createRouter, type Invoke } from './router.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StackOptions {
  port: number;
  dataDir: string;
  /** Processes per entity function. */
  instances: number;
  /** Processes of the gateway function (default 1). */
  gatewayInstances?: number;
  /** Serve only these functions (SPEC names, `gateway`); default all. */
  only?: readonly string[];
  /** Where the bundles are: <functionsDir>/<folder>/index.mjs. */
  functionsDir?: string;
  /** The functions' stdout logs: shown (default) or dropped. */
  logs?: 'inherit' | 'ignore';
  /** More storage settings for the entity functions, e.g. the EFS model's EGG_FILE_LOG_MODE=nfs (tools/efs-model). */
  storageEnv?: Record<string, string>;
}

export interface LocalStack {
  url: string;
  close(): Promise<void>;
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const functionsDir = options.functionsDir ?? path.join(root, 'dist/apps');
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const bundleOf = (folder: string): string => {
    const file = path.join(functionsDir, folder, 'index.mjs');
    if (!fs.existsSync(file)) throw new Error(`missing bundle ${file}: build first (tsx tools/bundle/bundle.ts all)`);
    return file;
  };
  const served = (name: string): boolean => options.only?.includes(name) ?? true;
  const bundles = new Map(
    [...ENTITY_NAMES.map((n) => [n, kebab(n)] as const), ['gateway', 'gateway'] as const]
      .filter(([name]) => served(name))
      .map(([name, folder]) => [name, bundleOf(folder)]),
  );

  const pools = new Map<string, FunctionPool>();
  // The router listens first (the gateway needs its URL): a request before its function is up gets a 503.
  const starting = (name: string) => ({
    statusCode: 503,
    headers: { 'content-type': JSON_TYPE, 'retry-after': '1' },
    body: JSON.stringify(errorBody(`function ${name} is starting`)),
  });
  const targets = new Map<string, Invoke>(
    [...bundles.keys()].map((name) => [name, async (event) => pools.get(name)?.invoke(event) ?? starting(name)]),
  );
  const server = createRouter(targets);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const baseEnv = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: '' };
  const stopAll = async (): Promise<void> => {
    server.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => server.close(() => resolve())),
      ...[...pools.values()].map((p) => p.close()),
    ]);
  };
  try {
    await Promise.all(
      [...bundles].map(async ([name, bundle]) => {
        const isGateway = name === 'gateway';
        const env = isGateway
          ? { ...baseEnv, SUBGRAPH_URL_TEMPLATE: `${url}/{name}/graph`, GATEWAY_INTROSPECTION: 'true' }
          : { ...baseEnv, EGG_STORAGE: 'file', DATA_DIR: dataDir, ...options.storageEnv };
        const instances = isGateway ? (options.gatewayInstances ?? 1) : options.instances;
        pools.set(name, await FunctionPool.start({ name, bundle, instances, env, logs: options.logs }));
      }),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url, close: stopAll };
}
