/** The bench's HTTP client: JSON over keep-alive fetch, with the API's answers checked. */
import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  body: unknown;
}

export async function call(url: string, init: { method?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** A REST create that must answer 201; returns the created body. What the warm-CRUD scenario measures. */
export async function create(base: string, entity: string, payload: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  return created(entity, await call(`${base}/${entity}/api`, { body: payload }));
}

/**
 * A create for seeding: it carries an Idempotency-Key, so it is sent once more when its
 * connection turns out closed. After the bench's own event loop was busy (seeding straight into
 * the log), a reused keep-alive socket may be one the server closed meanwhile; the key makes the
 * second send safe whether or not the first arrived.
 */
export async function seedCreate(base: string, entity: string, payload: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const url = `${base}/${entity}/api`;
  const init = { body: payload, headers: { 'idempotency-key': randomUUID() } };
  return created(entity, await call(url, init).catch((error: unknown) => (closedUnderneath(error) ? call(url, init) : Promise.reject(error))));
}

/** A connection the server closed (an idle keep-alive socket) before any answer came. */
const closedUnderneath = (error: unknown): boolean => (error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET';

function created(entity: string, { status, body }: Answer): Record<string, unknown> & { id: string } {
  if (status !== 201) throw new Error(`POST /${entity}/api answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body as Record<string, unknown> & { id: string };
}

/** A GraphQL operation through the gateway (or straight to one subgraph at `path`) that must answer data without errors. */
export async function graphql<T>(base: string, query: string, variables?: Record<string, unknown>, path = '/graphql'): Promise<T> {
  const { status, body } = await call(`${base}${path}`, { body: { query, variables } });
  const result = body as { data?: T; errors?: unknown[] };
  if (status !== 200 || result.errors || result.data === undefined) {
    throw new Error(`${path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return result.data;
}
