/**
 * REST over a repository (docs/contract.md §6). Bodies are the entity's fields plus `id` and
 * `created_at` (server time of the version, ms); `created_at` is read-only.
 */
import { atProblem, limitProblem, loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';
import { IDEMPOTENCY_KEY_HEADER, type ErrorDetail } from '@egg/shared-contract';
import { ConflictError, NotFoundError, type Envelope, type Repository } from '@egg/storage-core';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, json, readJsonBody, type HttpRequest, type HttpResponse } from './http.ts';
import type { Idempotency } from './idempotency.ts';
import { compileValidator, isUuid } from './validation.ts';

export type RestHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface RestOptions {
  /** Where `Idempotency-Key`s are kept; without it the header is refused. */
  idempotency?: Idempotency;
  /** The list's default and maximum `limit` (default: read from the environment). */
  limits?: GraphLimits;
}

/** Printable ASCII without spaces at the ends, as the IETF idempotency-key draft and Stripe use. */
const KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export const toRestBody = (row: Envelope): Record<string, unknown> => ({
  id: row.id,
  ...row.payload,
  created_at: row.created_at,
});

/** A numeric query parameter; a present but empty or non-numeric one becomes NaN, which no domain admits. */
const numberParam = (raw: string | undefined): number | undefined => (raw === undefined ? undefined : raw.trim() === '' ? NaN : Number(raw));

/** A query parameter outside its domain: 400 with the message GraphQL gives for the same argument. */
const badParam = (name: string, message: string): HttpResponse =>
  errorResponse(400, message, [{ path: name, message: message.slice(name.length + 1) }]);

/** `?at=` as an instant; undefined when absent, an error response when outside its domain. */
function parseAt(request: HttpRequest): { at?: number } | { response: HttpResponse } {
  const at = numberParam(request.query.at);
  const problem = at === undefined ? undefined : atProblem(at);
  return problem ? { response: badParam('at', problem) } : { at };
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape cannot name an entity: the lookup simply finds nothing
  }
};

const invalid = (details: ErrorDetail[]): HttpResponse =>
  errorResponse(400, `invalid body: ${details.map((d) => `${d.path || '/'} ${d.message}`).join('; ')}`, details);

export function createRestHandler(decl: EntityDeclaration, repository: Repository, options: RestOptions = {}): RestHandler {
  const base = `/${decl.name}/api`;
  const validate = compileValidator(decl.schema);
  const limits = options.limits ?? loadGraphLimits();

  /** Splits off a body's `id`; validation of the rest is the schema's job. */
  function payloadOf(value: unknown): { id?: unknown; payload: unknown } {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !('id' in value)) return { payload: value };
    const { id, ...payload } = value as Record<string, unknown>;
    return { id, payload };
  }

  async function create(request: HttpRequest): Promise<HttpResponse> {
    const body = readJsonBody(request);
    if ('response' in body) return body.response;
    const { id, payload } = payloadOf(body.value);
    const details = validate(payload);
    if (id !== undefined && !isUuid(id)) details.unshift({ path: '/id', message: 'must be a UUID' });
    if (details.length > 0) return invalid(details);
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key !== undefined && !KEY_PATTERN.test(key)) {
      return errorResponse(400, 'invalid Idempotency-Key header', [{ path: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }]);
    }
    const created = (row: Envelope, headers: Record<string, string> = {}): HttpResponse =>
      json(201, toRestBody(row), { location: `${base}/${row.id}`, ...headers });
    const conflict = (taken: unknown): HttpResponse => errorResponse(409, `an entity with id ${String(taken)} already exists`);
    if (key !== undefined) {
      if (!options.idempotency) return errorResponse(400, 'Idempotency-Key is not supported here');
      const outcome = await options.idempotency.create(key, body.value, payload as Record<string, unknown>, id as string | undefined);
      if (outcome.kind === 'mismatch') return errorResponse(422, `Idempotency-Key ${key} was used with a different body`);
      if (outcome.kind === 'conflict') return conflict(outcome.id);
      return created(outcome.row, outcome.replayed ? { 'idempotent-replayed': 'true' } : {});
    }
    try {
      return created(await repository.create(payload as Record<string, unknown>, id as string | undefined));
    } catch (error) {
      if (error instanceof ConflictError) return conflict(id);
      throw error;
    }
  }

  async function replace(request: HttpRequest, id: string): Promise<HttpResponse> {
    const body = readJsonBody(request);
    if ('response' in body) return body.response;
    const { id: bodyId, payload } = payloadOf(body.value);
    const details = validate(payload);
    if (bodyId !== undefined && bodyId !== id) details.unshift({ path: '/id', message: 'must match the id in the path' });
    if (details.length > 0) return invalid(details);
    try {
      return json(200, toRestBody(await repository.replace(id, payload as Record<string, unknown>)));
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(id);
      throw error;
    }
  }

  async function remove(id: string): Promise<HttpResponse> {
    try {
      await repository.remove(id);
      return json(200, { id, deleted: true });
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(id);
      throw error;
    }
  }

  /** A page of the list, as the GraphQL root list pages it: `?limit=` (default and maximum as there) and `?after=<id>`. */
  async function list(request: HttpRequest): Promise<HttpResponse> {
    const at = parseAt(request);
    if ('response' in at) return at.response;
    const limit = numberParam(request.query.limit) ?? limits.listDefault;
    const problem = limitProblem(limit, limits.listMax);
    if (problem) return badParam('limit', problem);
    const { after } = request.query;
    try {
      return json(200, (await repository.list({ at: at.at, limit, after })).map(toRestBody));
    } catch (error) {
      if (error instanceof NotFoundError) return badParam('after', `after: no ${decl.name} with id ${error.id}`);
      throw error;
    }
  }

  const notFound = (id: string): HttpResponse => errorResponse(404, `no ${decl.name} with id ${id}`);
  const notAllowed = (method: string, allow: string): HttpResponse =>
    errorResponse(405, `method ${method} not allowed`, undefined, { allow });

  return async (request) => {
    const method = request.method.toUpperCase();
    if (request.path !== base && !request.path.startsWith(`${base}/`)) return errorResponse(404, `no route for ${request.path}`);
    const tail = request.path.slice(base.length + 1);
    const rest = tail === '' ? [] : tail.split('/');
    if (rest.length > 1) return errorResponse(404, `no route for ${request.path}`);
    if (rest.length === 0) {
      if (method === 'POST') return create(request);
      if (method !== 'GET') return notAllowed(method, 'GET, HEAD, POST');
      return list(request);
    }
    const id = safeDecode(rest[0]);
    if (method === 'PUT') return replace(request, id);
    if (method === 'DELETE') return remove(id);
    if (method !== 'GET') return notAllowed(method, 'GET, HEAD, PUT, DELETE');
    const at = parseAt(request);
    if ('response' in at) return at.response;
    const row = await repository.read(id, at.at);
    return row ? json(200, toRestBody(row)) : notFound(id);
  };
}
