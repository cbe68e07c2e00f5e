/**
 * An entity's OpenAPI 3.1 document, derived from its declaration like everything else: the
 * payload's JSON Schema is the body schema, and every route of docs/contract.md §6 and §9 is
 * listed with each status it answers and that status's body.
 */
import { OpenApiBuilder, type OpenAPIObject, type OperationObject, type ResponsesObject, type SchemaObject } from 'openapi3-ts/oas31';
import { namesOf, type EntityDeclaration } from './declaration.ts';
import { IDEMPOTENCY_KEY_HEADER, MAX_BODY_BYTES } from '@egg/shared-contract';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';

export type { OpenAPIObject } from 'openapi3-ts/oas31';

const JSON_MEDIA = 'application/json';
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Shared by every entity's document: the merged document holds one copy of each. */
const COMMON_SCHEMAS: Record<string, SchemaObject> = {
  Error: {
    type: 'object',
    description: 'Every error answer of the REST API (docs/contract.md §6).',
    required: ['error'],
    properties: {
      error: { type: 'string', description: 'One line for a person.' },
      details: {
        type: 'array',
        description: 'One entry per invalid field, where the error is about fields.',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string', description: 'JSON Pointer of the field, or `at`.' }, message: { type: 'string' } },
        },
      },
    },
  },
  Deleted: {
    type: 'object',
    required: ['id', 'deleted'],
    additionalProperties: false,
    properties: { id: uuid, deleted: { const: true } },
  },
  Health: {
    type: 'object',
    required: ['status', 'function'],
    properties: { status: { enum: ['ok', 'ready'] }, function: { type: 'string' } },
  },
  GraphQLRequest: {
    type: 'object',
    required: ['query'],
    properties: { query: { type: 'string' }, variables: { type: 'object' }, operationName: { type: 'string' } },
  },
  GraphQLResponse: {
    type: 'object',
    properties: {
      data: { type: ['object', 'null'] },
      errors: {
        type: 'array',
        items: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, extensions: { type: 'object' } } },
      },
    },
  },
};

/** `headers`: name → schema; a name ending in `?` is a header the answer may leave out. */
const answer = (description: string, schema: SchemaObject, headers?: Record<string, SchemaObject>) => ({
  description,
  content: { [JSON_MEDIA]: { schema } },
  ...(headers
    ? {
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, s]) => [name.replace(/\?$/, ''), { schema: s, required: !name.endsWith('?') }]),
        ),
      }
    : {}),
});

const failure = (description: string) => answer(description, ref('Error'));

/** Statuses any route of an entity function may answer. */
const ALWAYS: ResponsesObject = {
  '500': failure('Internal error; never a stack trace.'),
  '503': failure('Storage cannot be reached, or (locally) the function is starting.'),
};

const BODY_FAILURES: ResponsesObject = {
  '413': failure(`Body over ${MAX_BODY_BYTES} bytes.`),
  '415': failure('Body is not JSON (`content-type` must be `application/json` or `application/<x>+json`).'),
};

const idempotencyKey = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header' as const,
  required: false,
  description: 'Makes a retry safe: the same key and body within the window returns the first answer (docs/contract.md §6).',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255 },
};

/** `HEAD` answers wherever `GET` does: the same statuses and headers, no body. */
function headOf(get: OperationObject): OperationObject {
  const responses = Object.fromEntries(
    Object.entries(get.responses ?? {}).map(([status, r]) => [status, { description: (r as { description: string }).description }]),
  );
  return { ...get, operationId: `${get.operationId}Head`, summary: `${get.summary} (headers only)`, responses };
}

/** A path's operations, with `head` beside its `get`. */
const withHead = (item: Record<string, OperationObject>): Record<string, OperationObject> =>
  item.get ? { ...item, head: headOf(item.get) } : item;

const atParameter = {
  name: 'at',
  in: 'query' as const,
  required: false,
  description: 'Read as of this instant, ms since the epoch (docs/contract.md §5). Default: now.',
  schema: { type: 'number' as const },
};

/** `limits`: the list paging the function applies (default: as configured in the environment). */
export function openApiDocument(decl: EntityDeclaration, limits: Pick<GraphLimits, 'listDefault' | 'listMax'> = loadGraphLimits()): OpenAPIObject {
  const names = namesOf(decl);
  const T = decl.typeName;
  const { properties, required } = decl.schema;
  const fields = Object.fromEntries(Object.entries(properties).map(([field, p]) => [field, { ...p } as SchemaObject]));
  // Bounds are rules of a write: a version stored before a bound existed is served as it was stored.
  const stored = Object.fromEntries(
    Object.entries(properties).map(([field, p]) => [
      field,
      Object.fromEntries(Object.entries(p).filter(([keyword]) => keyword !== 'minimum' && keyword !== 'maximum')) as SchemaObject,
    ]),
  );
  const entity: SchemaObject = {
    type: 'object',
    description:
      `A ${decl.name} as stored: its fields, \`id\` and \`created_at\` (server time of this version, ms). ` +
      `Bounds are checked on write (see ${T}Input); data stored under older rules is served as stored.`,
    required: ['id', ...required, 'created_at'],
    additionalProperties: false,
    properties: { id: uuid, ...stored, created_at: { type: 'number' } },
  };
  const input: SchemaObject = {
    type: 'object',
    description: `A ${decl.name} to create or replace. \`id\` is optional on create (the server assigns one) and must match the path on replace.`,
    required: [...required],
    additionalProperties: false,
    properties: { id: uuid, ...fields },
  };
  const body = { required: true, content: { [JSON_MEDIA]: { schema: ref(`${T}Input`) } } };
  const idParameter = { name: 'id', in: 'path' as const, required: true, schema: uuid };
  const paging = [
    {
      name: 'limit',
      in: 'query' as const,
      required: false,
      description: `Page size (default ${limits.listDefault}).`,
      schema: { type: 'integer' as const, minimum: 1, maximum: limits.listMax },
    },
    {
      name: 'after',
      in: 'query' as const,
      required: false,
      description: `Continue after this ${decl.name}'s id, in the same order, at the same instant.`,
      schema: uuid,
    },
  ];
  const tags = [decl.name];
  const op = (operationId: string, summary: string, responses: ResponsesObject, extra: Partial<OperationObject> = {}): OperationObject => ({
    operationId,
    summary,
    tags,
    ...extra,
    responses: { ...responses, ...ALWAYS },
  });
  const notFound = failure(`No ${decl.name} with that id (at that instant), or it is deleted.`);
  const invalid = failure('Invalid JSON, or a body or parameter the schema refuses; `details` names each field.');
  const base = `/${decl.name}`;

  const builder = new OpenApiBuilder()
    .addOpenApiVersion('3.1.0')
    .addInfo({
      title: `${decl.name} function`,
      version: '1.0.0',
      description:
        `REST, GraphQL subgraph, health and readiness of the ${decl.name} entity (docs/contract.md). ` +
        'A method a path does not list is a 405 with an `allow` header; a path nothing serves is a 404; both with an `Error` body. ' +
        'CORS preflights (`OPTIONS`) are answered when `EGG_CORS_ORIGINS` lists the origin (docs/contract.md §6).',
    })
    .addTag({ name: decl.name, description: `The ${T} entity.` })
    .addPath(`${base}/api`, withHead({
      get: op(`${names.plural}List`, `Every ${decl.name} at an instant, in creation order`, {
        '200': answer(`A page of the ${names.plural}.`, { type: 'array', items: ref(T) }),
        '400': invalid,
      }, { parameters: [atParameter, ...paging] }),
      post: op(`${names.single}Create`, `Create a ${decl.name}`, {
        '201': answer(`The stored ${decl.name} (or, for a retried Idempotency-Key, the first answer).`, ref(T), {
          location: { type: 'string', description: `${base}/api/<id>` },
          'idempotent-replayed?': { const: 'true', description: 'Present when this is a retry answered from the first time.' },
        }),
        '400': invalid,
        '409': failure('An entity with that `id` already exists.'),
        '422': failure('The Idempotency-Key was used with a different body.'),
        ...BODY_FAILURES,
      }, { requestBody: body, parameters: [idempotencyKey] }),
    }))
    .addPath(`${base}/api/{id}`, withHead({
      get: op(`${names.single}Read`, `One ${decl.name} at an instant`, { '200': answer(`The ${decl.name}.`, ref(T)), '400': invalid, '404': notFound }, {
        parameters: [idParameter, atParameter],
      }),
      put: op(`${names.single}Replace`, `Replace a ${decl.name} (full replace, validated like create)`, {
        '200': answer('The new version.', ref(T)),
        '400': invalid,
        '404': notFound,
        ...BODY_FAILURES,
      }, { parameters: [idParameter], requestBody: body }),
      delete: op(`${names.single}Delete`, `Delete a ${decl.name}`, { '200': answer('Deleted.', ref('Deleted')), '404': notFound }, {
        parameters: [idParameter],
      }),
    }))
    .addPath(`${base}/api/openapi.json`, withHead({
      get: op(`${names.single}OpenApi`, 'This document', { '200': answer('OpenAPI 3.1.', { type: 'object' }) }),
    }))
    .addPath(`${base}/graph`, {
      post: op(`${names.single}Graph`, `The ${decl.name} GraphQL subgraph (joins need the gateway at /graphql)`, {
        '200': answer('A GraphQL result.', ref('GraphQLResponse')),
        '400': answer('A document that does not parse or validate.', ref('GraphQLResponse')),
        ...BODY_FAILURES,
      }, { requestBody: { required: true, content: { [JSON_MEDIA]: { schema: ref('GraphQLRequest') } } } }),
    })
    .addPath(`${base}/health`, withHead({
      get: op(`${names.single}Health`, 'Liveness: answers while the function runs, without touching storage', {
        '200': answer('Alive.', ref('Health')),
      }),
    }))
    .addPath(`${base}/ready`, withHead({
      get: op(`${names.single}Ready`, 'Readiness: storage opened and caught up on the topic', { '200': answer('Ready.', ref('Health')) }),
    }))
    .addSchema(T, entity)
    .addSchema(`${T}Input`, input);
  for (const [name, schema] of Object.entries(COMMON_SCHEMAS)) builder.addSchema(name, schema);
  return builder.getSpec();
}

/**
 * One document for many functions: paths and tags side by side, each schema once. Two
 * documents that give one schema name different contents cannot be merged, and say so.
 */
export function mergeOpenApi(documents: readonly OpenAPIObject[], title: string): OpenAPIObject {
  const builder = new OpenApiBuilder().addOpenApiVersion('3.1.0').addInfo({
    title,
    version: '1.0.0',
    description: 'Every entity function of the egg economy (docs/contract.md). The GraphQL gateway is POST /graphql.',
  });
  const schemas = new Map<string, string>();
  for (const doc of documents) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) builder.addPath(path, item);
    for (const tag of doc.tags ?? []) builder.addTag(tag);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const text = JSON.stringify(schema);
      if (schemas.has(name) && schemas.get(name) !== text) throw new Error(`OpenAPI schema ${name} differs between two functions`);
      schemas.set(name, text);
      builder.addSchema(name, schema);
    }
  }
  return builder.getSpec();
}
