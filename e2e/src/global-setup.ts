/**
 * Starts the local stack as `npm start` does (2 instances per entity function, ephemeral port, temp
 * data dir, CORS on for one origin, a small `_entities` batch budget) on the bundles the apps'
 * build targets made before the suite (e2e's test target depends on them: a stack rebuilding
 * them here would pull files from under infra's tests, which copy them meanwhile), waits for its
 * one "ready:" line, and stops it after the suite.
 * The storage is EGG_STORAGE's: `npm test` runs the suite once on the file log and once on Kafka.
 * On Kafka the suite starts one test broker for every stack it runs (a restart keeps the log),
 * and no outside cluster is touched; the test broker creates each topic on first use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { TestBroker } from '@egg/storage-kafka-test-broker';
import { ALLOWED_ORIGIN, E2E_SUBGRAPH_BODY_BYTES, startStack, type RunningStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The stack's DATA_DIR: tests that plant older data write to its log directly. */
    dataDir: string;
  }
}

let stack: RunningStack | undefined;
let broker: TestBroker | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-e2e-'));
  delete process.env.KAFKA_BROKERS;
  if (process.env.EGG_STORAGE === 'kafka') {
    broker = await TestBroker.start();
    // Inherited by every stack the suite starts, here and in the test files.
    Object.assign(process.env, { KAFKA_BROKERS: broker.bootstrap, KAFKA_IDEMPOTENT: 'false' });
  }
  console.log(`e2e on storage: ${broker ? `kafka (the test broker at ${broker.bootstrap})` : 'file'}`);
  const env = { EGG_CORS_ORIGINS: ALLOWED_ORIGIN, GATEWAY_SUBGRAPH_MAX_BODY_BYTES: String(E2E_SUBGRAPH_BODY_BYTES) };
  stack = await startStack({ dataDir, instances: 2, env });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('dataDir', dataDir);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
