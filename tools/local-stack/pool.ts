/**
 * The instances of one function: n child processes, each running one event at a time like a
 * Lambda instance. An event goes to an idle instance; when none is idle the pool starts another,
 * as Lambda scales out, up to `maxInstances`; past that it waits in a queue.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { renderStream, type LogFormat } from './log-lines.ts';

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness.mjs');

type Reply = { id: number; result?: APIGatewayProxyResultV2; error?: string };

interface Job {
  event: APIGatewayProxyEventV2;
  resolve: (result: APIGatewayProxyResultV2) => void;
  reject: (error: Error) => void;
}

interface Instance {
  child: ChildProcess;
  job?: Job & { id: number };
}

export interface PoolOptions {
  name: string;
  bundle: string;
  instances: number;
  /** Instances started on demand while every one is busy (default: `instances`, none). */
  maxInstances?: number;
  env: NodeJS.ProcessEnv;
  /** The functions' own logs: rendered for people (default), passed through as JSON, or dropped. */
  logs?: LogFormat | 'ignore';
}

export class FunctionPool {
  private readonly instances: Instance[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  private starting = 0;

  private constructor(private readonly options: PoolOptions) {}

  static async start(options: PoolOptions): Promise<FunctionPool> {
    const pool = new FunctionPool(options);
    await Promise.all(Array.from({ length: options.instances }, () => pool.spawn()));
    return pool;
  }

  get name(): string {
    return this.options.name;
  }

  /** Instances it keeps running. */
  get size(): number {
    return this.options.instances;
  }

  invoke(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new Error(`${this.name} is stopping`));
    await Promise.all(
      this.instances.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  private spawn(): Promise<void> {
    this.starting++;
    const logs = this.options.logs ?? 'pretty';
    const out = logs === 'pretty' ? 'pipe' : logs === 'json' ? 'inherit' : 'ignore';
    const child = fork(HARNESS, [this.options.bundle, this.options.name], {
      env: this.options.env,
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', out, logs === 'pretty' ? 'pipe' : 'inherit', 'ipc'],
    });
    if (logs === 'pretty') {
      renderStream(this.options.name, child.stdout!, process.stdout);
      renderStream(this.options.name, child.stderr!, process.stderr);
    }
    const instance: Instance = { child };
    return new Promise((resolve, reject) => {
      const onEarlyExit = (code: number | null) => {
        this.starting--;
        reject(new Error(`${this.name} instance exited (${code}) before ready`));
      };
      child.once('exit', onEarlyExit);
      child.on('message', (message: Reply | { ready: true }) => {
        if ('ready' in message) {
          this.starting--;
          child.off('exit', onEarlyExit);
          child.once('exit', () => this.lost(instance));
          this.instances.push(instance);
          resolve();
        } else this.finish(instance, message);
        this.dispatch();
      });
    });
  }

  private finish(instance: Instance, reply: Reply): void {
    const job = instance.job;
    if (job?.id !== reply.id) return;
    instance.job = undefined;
    if (reply.error !== undefined) job.reject(new Error(reply.error));
    else job.resolve(tagged(reply.result as APIGatewayProxyResultV2, instance.child.pid));
  }

  /** A crashed instance fails its event (API Gateway would answer 502) and is replaced. */
  private lost(instance: Instance): void {
    this.instances.splice(this.instances.indexOf(instance), 1);
    instance.job?.reject(new Error(`${this.name} instance crashed`));
    if (!this.closing) this.spawn().catch((error: Error) => console.error(error.message));
  }

  private dispatch(): void {
    for (const instance of this.instances) {
      if (this.queue.length === 0) return;
      if (instance.job) continue;
      const job = { ...this.queue.shift()!, id: this.nextId++ };
      instance.job = job;
      instance.child.send({ id: job.id, event: job.event });
    }
    const max = this.options.maxInstances ?? this.options.instances;
    if (this.queue.length > this.starting && this.instances.length + this.starting < max && !this.closing) {
      this.spawn().catch((error: Error) => console.error(error.message));
    }
  }
}

/**
 * Which local instance answered, as `x-egg-local-instance` (its pid): only the local stack says
 * it, so a test can show that more than one instance took its requests. A result without a
 * statusCode (Lambda's shorthand for a 200 JSON body) is left as it is.
 */
export const INSTANCE_HEADER = 'x-egg-local-instance';
function tagged(result: APIGatewayProxyResultV2, pid: number | undefined): APIGatewayProxyResultV2 {
  if (typeof result !== 'object' || result === null || !('statusCode' in result) || pid === undefined) return result;
  return { ...result, headers: { ...result.headers, [INSTANCE_HEADER]: String(pid) } };
}
