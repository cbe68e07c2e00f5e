/**
 * Runs the local stack exactly as `npm start` does, as a child process on an ephemeral port, and
 * resolves once it prints its one "ready:" line (every function answered its readiness probe).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The one origin the suite's stack lets browsers call from (EGG_CORS_ORIGINS). */
export const ALLOWED_ORIGIN = 'http://allowed.example';

/**
 * The gateway's `_entities` budget in the suite, far below the subgraphs' 256 KiB body limit, so a
 * few hundred parents already need several batches: the split is proven without writing thousands.
 */
export const E2E_SUBGRAPH_BODY_BYTES = 16_384;

export interface RunningStack {
  baseUrl: string;
  /** Everything the stack printed on stdout so far (its request lines among it). */
  output(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  dataDir: string;
  instances: number;
  /** Extra environment (e.g. SKIP_BUILD=1 once global setup has built the bundles). */
  env?: Record<string, string>;
}

export async function startStack({ dataDir, instances, env = {} }: StackOptions): Promise<RunningStack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-stack/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', INSTANCES: String(instances), DATA_DIR: dataDir, APOLLO_TELEMETRY_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept whole and drained all along, so the stack never blocks on a full pipe.
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /^ready: gateway POST (http:\/\/127\.0\.0\.1:\d+)\/graphql /m.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`local stack exited (${code}) before it was up:\n${out}`)));
  });
  return {
    baseUrl,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
