/**
 * Builds the bundles and starts the local stack exactly as `npm start` does (2 instances per
 * entity function, ephemeral port, temp data dir), waits for its one "ready:" line, and stops it
 * after the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let stack: ChildProcess | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-e2e-'));
  stack = spawn(process.execPath, ['--import', 'tsx', 'tools/local-stack/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', INSTANCES: '2', DATA_DIR: dataDir, APOLLO_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = stack;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^ready: gateway POST (http:\/\/127\.0\.0\.1:\d+)\/graphql /m.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`local stack exited (${code}) before it was up:\n${out}`)));
  });
  // Keep draining output so the stack never blocks on a full pipe.
  child.stdout!.resume();
  project.provide('baseUrl', baseUrl);
}

export async function teardown(): Promise<void> {
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolve) => stack!.once('exit', resolve));
    stack.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
