/** The subgraph's request handling on graphql-js (subgraph.ts, subgraph-executor.ts): what is refused, with which status and code. */
import { captureLogs } from '@egg/shared-testing-logs';
import { MemoryEventLog, StorageUnavailableError } from '@egg/storage-core';
import { describe, expect, it, vi } from 'vitest';
import { createEntityApp } from '../src/index.ts';
import { garden } from './fixtures.ts';
import { clock, gql, memoryRepository, send } from './helpers.ts';

const app = (options: { introspection?: boolean } = {}) => createEntityApp(garden, memoryRepository('garden', clock()), options);

describe('a request that cannot run', () => {
  it('another method is 405 allowing POST', async () => {
    const res = await send(app(), 'GET', '/garden/graph?query=%7B__typename%7D');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body).toEqual({ error: 'method GET not allowed' });
  });

  it('a body that is not one operation is 400 BAD_REQUEST, saying what is wrong', async () => {
    const cases: [unknown, string][] = [
      [[{ query: '{ __typename }' }], 'batched operations are not supported: send one operation per request'],
      [{ variables: {} }, 'the body must be a JSON object with a non-empty "query" string'],
      [{ query: '   ' }, 'the body must be a JSON object with a non-empty "query" string'],
      [{ query: '{ __typename }', variables: [1] }, '"variables" must be a JSON object'],
      [{ query: '{ __typename }', operationName: 3 }, '"operationName" must be a string'],
    ];
    for (const [body, message] of cases) {
      const res = await send(app(), 'POST', '/garden/graph', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('a document that does not parse is 400 GRAPHQL_PARSE_FAILED, with where', async () => {
    const res = await gql(app(), 'garden', '{ gardens { id }');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 17 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
    ]);
  });

  it('a document that does not validate is 400 GRAPHQL_VALIDATION_FAILED, without suggesting field names', async () => {
    const res = await gql(app(), 'garden', '{ gardens { nam } }');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { message: 'Cannot query field "nam" on type "Garden".', locations: [{ line: 1, column: 13 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
  });

  it('a document past a limit is 400 GRAPHQL_VALIDATION_FAILED too, as the gateway answers it', async () => {
    const res = await gql(app(), 'garden', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: gardens { id }`).join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'Syntax Error: Aliases limit of 30 exceeded, found 31.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('the same bad document twice gets the same answer (the second from the document cache)', async () => {
    const one = app();
    const first = await gql(one, 'garden', '{ gardens { nam } }');
    const second = await gql(one, 'garden', '{ gardens { nam } }');
    expect(second).toEqual(first);
  });

  it('an operation name the document lacks, or none among several, is 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const query = 'query A { gardens { id } } query B { gardens { name } }';
    const unnamed = await send(app(), 'POST', '/garden/graph', { query });
    const unknown = await send(app(), 'POST', '/garden/graph', { query, operationName: 'C' });
    expect([unnamed.status, unknown.status]).toEqual([400, 400]);
    expect(unnamed.body.errors[0]).toEqual({
      message: 'Must provide operation name if query contains multiple operations.',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
    expect(unknown.body.errors[0].message).toBe('Unknown operation named "C".');
    const named = await send(app(), 'POST', '/garden/graph', { query, operationName: 'B' });
    expect(named.body).toEqual({ data: { gardens: [] } });
  });

  it('variables that do not coerce are 400 BAD_USER_INPUT, and nothing runs', async () => {
    const res = await send(app(), 'POST', '/garden/graph', { query: 'query($id: ID!) { garden(id: $id) { id } }', variables: { id: { not: 'an id' } } });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toMatch(/^Variable "\$id" got invalid value/);
  });
});

describe('introspection', () => {
  it('answers by default and is a 400 when turned off (on Lambda)', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await gql(app(), 'garden', query)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const off = await gql(app({ introspection: false }), 'garden', query);
    expect(off.status).toBe(400);
    expect(off.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(off.body.errors[0].message).toMatch(/introspection/);
    expect((await gql(app({ introspection: false }), 'garden', '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('storage that cannot answer', () => {
  it('is an error on the field with its message and SERVICE_UNAVAILABLE, not "internal error", logged as a warning', async () => {
    class DownLog extends MemoryEventLog {
      override async highWatermark(): Promise<number> {
        throw new StorageUnavailableError('the event log cannot be reached');
      }
    }
    const down = createEntityApp(garden, memoryRepository('garden', clock(), new DownLog()));
    const logs = captureLogs();
    try {
      const res = await gql(down, 'garden', '{ gardens { id } }', { 'x-request-id': 'req-7' });
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([{ message: 'the event log cannot be reached', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
      expect(logs.err()).toEqual([expect.objectContaining({ level: 'WARN', requestId: 'req-7', error: 'the event log cannot be reached' })]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
