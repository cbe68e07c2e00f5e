/** Small HTTP helpers against the running local stack. */
import { expect, inject } from 'vitest';

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return requestAt(inject('baseUrl'), method, path, body, headers);
}

/** A request to a stack of the test's own (see stack.ts). */
export async function requestAt(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the raw text is what the test sees.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Creates an entity over REST and returns the stored body. */
export async function create(entity: string, payload: Record<string, unknown>): Promise<Record<string, any>> {  // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await request('POST', `/${entity}/api`, payload);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

/** Reads an entity over REST (now, or `at`) and returns its body. */
export async function read(entity: string, id: string, at?: number): Promise<Record<string, any>> {  // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await request('GET', `/${entity}/api/${id}${at === undefined ? '' : `?at=${at}`}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

/** A gateway query that must succeed; returns `data`. */
export async function gql(query: string, variables?: Record<string, unknown>): Promise<any> {  // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await request('POST', '/graphql', { query, variables });
  expect(reply.body.errors, JSON.stringify(reply.body.errors)).toBeUndefined();
  expect(reply.status).toBe(200);
  return reply.body.data;
}

export const ids = (list: { id: string }[]): string[] => list.map((x) => x.id).sort();

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every entity a REST list holds, page by page (`?limit=&after=`). */
export async function listAll(entity: string): Promise<{ id: string }[]> {
  const all: { id: string }[] = [];
  for (;;) {
    const after = all.length > 0 ? `&after=${all[all.length - 1].id}` : '';
    const page = await request('GET', `/${entity}/api?limit=1000${after}`);
    expect(page.status).toBe(200);
    if (page.body.length === 0) return all;
    all.push(...page.body);
  }
}
