/** The bench's HTTP client: JSON over keep-alive fetch, with the API's answers checked. */
export interface Answer {
  status: number;
  body: unknown;
}

export async function call(url: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** A REST create that must answer 201; returns the created body. */
export async function create(base: string, entity: string, payload: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const { status, body } = await call(`${base}/${entity}/api`, { body: payload });
  if (status !== 201) throw new Error(`POST /${entity}/api answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body as Record<string, unknown> & { id: string };
}

/** A GraphQL operation through the gateway that must answer data without errors. */
export async function graphql<T>(base: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const { status, body } = await call(`${base}/graphql`, { body: { query, variables } });
  const result = body as { data?: T; errors?: unknown[] };
  if (status !== 200 || result.errors || result.data === undefined) {
    throw new Error(`/graphql answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return result.data;
}
