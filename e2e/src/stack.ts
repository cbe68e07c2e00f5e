/** Starts `tools/local-stack/main.ts` as `npm start` does, on an ephemeral port, and stops it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningStack {
  baseUrl: string;
  /** Everything the stack printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startStack(env: Record<string, string>): Promise<RunningStack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-stack/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', APOLLO_TELEMETRY_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Keep draining output so the stack never blocks on a full pipe.
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const up = () => {
      const match = /POST (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(out);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', up);
    child.once('exit', (code) => reject(new Error(`local stack exited (${code}) before it was up:\n${out}`)));
  });
  return {
    baseUrl,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
