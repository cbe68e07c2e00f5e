/**
 * Builds the bundles and starts the local stack exactly as `npm start` does (2 instances per
 * entity function, ephemeral port, temp data dir, CORS on for one origin), and stops it after the suite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ALLOWED_ORIGIN, startStack, type RunningStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let stack: RunningStack | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-e2e-'));
  stack = await startStack({ dataDir, instances: 2, env: { EGG_CORS_ORIGINS: ALLOWED_ORIGIN } });
  project.provide('baseUrl', stack.baseUrl);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
