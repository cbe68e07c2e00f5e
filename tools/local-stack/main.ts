/**
 * `npm start`: builds every bundle, then serves them locally on one port, and prints one line
 * once every function is ready.
 * Env: PORT (4000), DATA_DIR (./data), INSTANCES (1 process per entity function), SKIP_BUILD=1,
 * EGG_STORAGE=kafka (with KAFKA_BROKERS: that cluster; without: the test broker, started here),
 * LOG_FORMAT (pretty | json).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityNames } from '@egg/shared-catalog';
import { describeAuth, loadAuthConfig } from '@egg/shared-auth';
import { buildAll } from './build.ts';
import { createDevIssuer, devAuthRequested } from './dev-issuer.ts';
import { logFormatFrom } from './log-lines.ts';
import type { Unready } from './probes.ts';
import { startLocalStack } from './stack.ts';
import { startLocalStorage } from './storage.ts';
import { ENTITY_TOPICS } from '@egg/kafka-topics/entity-topics';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function intEnv(key: string, fallback: number, min: number): number {
  const raw = process.env[key];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${key} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

/**
 * The one line that says the stack takes traffic, with what a person opens next (the e2e setup
 * waits for it), and any function that could not get ready, with why.
 */
const readyLine = (url: string, notReady: readonly Unready[], auth: string): string =>
  `ready: gateway POST ${url}/graphql · explorer ${url}/graphql (browser) · OpenAPI ${url}/openapi.json · REST ${url}/<entity>/api · ${auth}` +
  notReady.map(({ name, problem }) => ` · NOT READY ${name}: ${problem}`).join('');

async function main(): Promise<void> {
  const port = intEnv('PORT', 4000, 0);
  const instances = intEnv('INSTANCES', 1, 1);
  const dataDir = path.resolve(process.env.DATA_DIR || path.join(root, 'data'));
  const logs = logFormatFrom(process.env);
  // Checked before the build: a bad EGG_AUTH_* setting fails in a second, not after every bundle.
  const devIssuer = devAuthRequested(process.env) ? await createDevIssuer(dataDir) : undefined;
  const auth = devIssuer ? undefined : loadAuthConfig(process.env);
  if (process.env.SKIP_BUILD !== '1') buildAll();
  const storage = await startLocalStorage(process.env, dataDir, ENTITY_TOPICS);
  console.log(`starting ${entityNames().length} entity functions (${instances} instance(s) each) and the gateway, ${storage.description}`);
  const stack = await startLocalStack({ port, dataDir, instances, storageEnv: storage.env, logs, devIssuer }).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  const authLine = devIssuer
    ? `auth: dev issuer ${devIssuer.issuerAt(stack.url)} (a token: npm run token -- --sub alice --groups team-a --scope "egg:read egg:write")`
    : describeAuth(auth);
  console.log(readyLine(stack.url, stack.notReady, authLine));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    stack
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
