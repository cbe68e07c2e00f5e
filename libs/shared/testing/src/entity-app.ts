/**
 * What every entity app must do: its SDL builds into a subgraph schema, its Lambda handler
 * over a file log in a temp dir creates an entity through REST that the subgraph's root field
 * and lookups then return, and it serves a valid OpenAPI document its answers fit.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createEntityHandler, namesOf, subgraphSdl, type EntityDeclaration, type EntityHandler } from '@egg/entity-runtime';
import { FileEventLog } from '@egg/storage-file-log';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, lambdaEvent, type EventInit } from './lambda.ts';
import { openApiChecker } from './openapi-check.ts';
import { samplePayload } from './sample.ts';

export function describeEntityApp(decl: EntityDeclaration): void {
  describe(`${decl.name} entity app`, () => {
    const names = namesOf(decl);
    let dir: string;
    let log: FileEventLog | undefined;
    let handler: EntityHandler;
    const call = async (init: EventInit) => {
      const result = await handler(lambdaEvent(init), lambdaContext());
      return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
    };

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), `egg-${decl.name}-`));
      handler = createEntityHandler(decl, { openLog: async () => (log = await FileEventLog.open(dir)) });
    });
    afterAll(async () => {
      await log?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has a subgraph SDL that builds', () => {
      const schema = buildSubgraphSchema(parse(subgraphSdl(decl)));
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining([names.single, names.plural, ...decl.lookups.map(names.byField)]),
      );
    });

    it('creates through REST and reads back through REST and the subgraph', async () => {
      const payload = samplePayload(decl.schema, decl.lookups);
      const created = await call({ method: 'POST', path: `/${decl.name}/api`, body: payload });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(payload);
      expect(created.headers.location).toBe(`/${decl.name}/api/${created.body.id}`);
      expect(await call({ method: 'GET', path: `/${decl.name}/api/${created.body.id}` })).toMatchObject({
        status: 200,
        body: created.body,
      });

      const fields = Object.keys(decl.schema.properties).join(' ');
      const lookups = decl.lookups.map((f) => `${names.byField(f)}(${f}: ${JSON.stringify(payload[f])}) { id }`);
      const query = `{ ${names.single}(id: "${created.body.id}") { id created_at asOf ${fields} } ${lookups.join(' ')} }`;
      const graph = await call({ method: 'POST', path: `/${decl.name}/graph`, body: { query } });
      expect(graph.status).toBe(200);
      expect(graph.body.errors).toBeUndefined();
      expect(graph.body.data[names.single]).toMatchObject({ ...payload, id: created.body.id, created_at: created.body.created_at });
      for (const f of decl.lookups) expect(graph.body.data[names.byField(f)]).toEqual([{ id: created.body.id }]);
    });

    it('serves a valid OpenAPI document that its answers fit', async () => {
      const served = await call({ method: 'GET', path: `/${decl.name}/api/openapi.json` });
      expect(served.status).toBe(200);
      const check = await openApiChecker(served.body);
      const fit = async (init: EventInit) => {
        const answer = await call(init);
        check({ method: init.method, path: init.path, status: answer.status!, headers: answer.headers as Record<string, string>, body: answer.body });
        return answer;
      };
      const created = await fit({ method: 'POST', path: `/${decl.name}/api`, body: samplePayload(decl.schema) });
      await fit({ method: 'GET', path: `/${decl.name}/api` });
      await fit({ method: 'GET', path: `/${decl.name}/api/${created.body.id}` });
      await fit({ method: 'GET', path: `/${decl.name}/api/${randomUUID()}` });
      await fit({ method: 'POST', path: `/${decl.name}/api`, body: { unknown_field: 1 } });
      await fit({ method: 'DELETE', path: `/${decl.name}/api/${created.body.id}` });
      await fit({ method: 'GET', path: `/${decl.name}/health` });
      await fit({ method: 'GET', path: `/${decl.name}/ready` });
    });
  });
}
