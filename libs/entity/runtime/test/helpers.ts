/** A real repository over the in-memory log, with a settable clock, and one that counts its calls. */
import { createRepository, MemoryEventLog, type Repository } from '@egg/storage-core';
import type { EntityApp, HttpRequest } from '../src/index.ts';

export interface Clock {
  now: number;
  (): number;
}

export function clock(start = 1_000_000): Clock {
  const c = (() => c.now) as Clock;
  c.now = start;
  return c;
}

export function memoryRepository(topic: string, time: Clock = clock(), log = new MemoryEventLog()): Repository {
  return createRepository(log, topic, { clock: time, partitions: 2 });
}

/** Wraps a real repository and counts calls per method; behaviour stays the repository's own. */
export function counted(repository: Repository): { repository: Repository; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(property)] = (calls[String(property)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { repository: proxy, calls };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function send(
  app: EntityApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' },
  transport: Pick<HttpRequest, 'fromGateway'> = {},
): Promise<Reply> {
  const [pathname, search = ''] = path.split('?');
  const response = await app({
    method,
    path: pathname,
    query: Object.fromEntries(new URLSearchParams(search)),
    headers,
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    ...transport,
  });
  return { status: response.status, headers: response.headers, body: JSON.parse(response.body) };
}

export async function gql(app: EntityApp, name: string, query: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send(app, 'POST', `/${name}/graph`, { query }, { 'content-type': 'application/json', ...headers });
}

/** A subgraph request as the gateway sends it: `_entities` and `_service` answer only these. */
export async function fromGateway(app: EntityApp, path: string, body: unknown): Promise<Reply> {
  return send(app, 'POST', path, body, { 'content-type': 'application/json' }, { fromGateway: true });
}
