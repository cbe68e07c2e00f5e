/** Starts the 14 functions, each instance its own process, behind one router; resolves once every one is ready. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorResult, INTERNAL_TOKEN_ENV } from '@egg/shared-contract';
import { entityNames, findDeployables } from '@egg/shared-catalog';
import { serveAssets } from './assets.ts';
import { DEV_ISSUER_TARGET, type DevIssuer } from './dev-issuer.ts';
import type { LogFormat } from './log-lines.ts';
import { FunctionPool } from './pool.ts';
import { mergedOpenApi, waitUntilReady, type Unready } from './probes.ts';
import { createRouter, OPENAPI_TARGET, type Invoke } from './router.ts';

/** Gateway processes at most (each answers one operation at a time, like a Lambda instance). */
const GATEWAY_MAX_INSTANCES = 4;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StackOptions {
  port: number;
  dataDir: string;
  /** Processes per entity function. */
  instances: number;
  /** Serve only these functions (SPEC names, `gateway`); default all. */
  only?: readonly string[];
  /** Processes per entity function at most, started on demand while all are busy, as Lambda scales out (default: `instances`). */
  maxInstances?: number;
  /** Where the bundles are: <functionsDir>/<folder>/index.mjs. */
  functionsDir?: string;
  /** The functions' logs: rendered for people (default), passed through as JSON, or dropped. */
  logs?: LogFormat | 'ignore';
  /** Storage settings for the entity functions over the file log's defaults: Kafka (storage.ts), or the EFS model's EGG_FILE_LOG_MODE=nfs. */
  storageEnv?: Record<string, string>;
  /** Run this development issuer inside the stack and point every function at it (EGG_AUTH=dev). */
  devIssuer?: DevIssuer;
}

export interface LocalStack {
  url: string;
  /** Functions that did not answer their readiness probe with 200 in time (the others serve). */
  notReady: Unready[];
  /** The run's gateway token (EGG_INTERNAL_TOKEN), for a tool that runs a gateway of its own against this stack (the bench). */
  internalToken: string;
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
    findDeployables()
      .filter(({ name }) => served(name))
      .map(({ name, folder }) => [name, bundleOf(folder)]),
  );

  const pools = new Map<string, FunctionPool>();
  // The router listens first (the gateway needs its URL): a request before its function is up gets a 503.
  const starting = (name: string) => errorResult(503, `function ${name} is starting`, { 'retry-after': '1' });
  const targets = new Map<string, Invoke>(
    [...bundles.keys()].map((name) => [name, async (event) => pools.get(name)?.invoke(event) ?? starting(name)]),
  );
  targets.set(OPENAPI_TARGET, mergedOpenApi(new Map(entityNames().map((name) => [name, targets.get(name)!]))));
  // The explorer page the gateway serves at GET /graphql loads GraphiQL from here.
  targets.set('explorer', serveAssets('explorer', path.join(functionsDir, 'explorer'), 'build it with tsx tools/bundle/explorer.ts'));
  // The issuer's documents name the stack's URL, known once it listens: the target reads it then.
  let url = '';
  const { devIssuer } = options;
  if (devIssuer) targets.set(DEV_ISSUER_TARGET, (event) => devIssuer.target(url)(event));
  // A fresh secret per run, handed only to the gateway: the router marks its subgraph calls.
  const internalToken = randomBytes(32).toString('base64url');
  const server = createRouter(targets, internalToken);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  devIssuer?.save(url);

  const baseEnv = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: '', ...devIssuer?.env(url) };
  const stopAll = async (): Promise<void> => {
    server.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => server.close(() => resolve())),
      ...[...pools.values()].map((p) => p.close()),
    ]);
  };
  let notReady: Unready[] = [];
  try {
    await Promise.all(
      [...bundles].map(async ([name, bundle]) => {
        const isGateway = name === 'gateway';
        const env = isGateway
          ? { ...baseEnv, SUBGRAPH_URL_TEMPLATE: `${url}/{name}/graph`, GATEWAY_INTROSPECTION: 'true', [INTERNAL_TOKEN_ENV]: internalToken }
          : { ...baseEnv, EGG_STORAGE: 'file', DATA_DIR: dataDir, ...options.storageEnv };
        // The gateway scales out on demand, as Lambda does: one expensive operation holds its own instance, not the others.
        const sizes = isGateway
          ? { instances: 1, maxInstances: GATEWAY_MAX_INSTANCES }
          : { instances: options.instances, maxInstances: Math.max(options.instances, options.maxInstances ?? 0) };
        pools.set(name, await FunctionPool.start({ name, bundle, ...sizes, env, logs: options.logs }));
      }),
    );
    // Until every instance has opened its storage, the first requests would wait on it or fail.
    notReady = await waitUntilReady([...pools.values()].map((pool) => ({ name: pool.name, instances: pool.size, invoke: (event) => pool.invoke(event) })));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url, notReady, internalToken, close: stopAll };
}
