/**
 * What every entity app must do: its SDL builds into a subgraph schema, its Lambda handler
 * over a file log in a temp dir creates an entity through REST that the subgraph's root field
 * and lookups then return, and it serves a valid OpenAPI document its answers fit. A computed
 * entity (a projection) runs its own suite, below.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createEntityHandler, namesOf, subgraphSdl, type EntityDeclaration, type EntityHandler } from '@egg/entity-runtime';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, lambdaEvent, type EventInit } from './lambda.ts';
import { openApiChecker } from './openapi-check.ts';
import { samplePayload } from './sample.ts';

/** `subject`: for a computed entity, a payload of its subject (written straight to the subject's topic). */
export function describeEntityApp(decl: EntityDeclaration, options: { subject?: Record<string, unknown> } = {}): void {
  if (decl.computed) return describeComputedApp(decl, options.subject ?? {});
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

/**
 * What every computed entity's app must do: one projection per live subject, named by it, through
 * REST and the subgraph; none for an unknown id; every write a 405 naming the events to write
 * instead; an OpenAPI document without writes that its answers fit.
 */
function describeComputedApp(decl: EntityDeclaration, subjectPayload: Record<string, unknown>): void {
  const computation = decl.computed!;
  describe(`${decl.name} computed entity app`, () => {
    const names = namesOf(decl);
    let dir: string;
    let log: FileEventLog | undefined;
    let handler: EntityHandler;
    let subjectId: string;
    const call = async (init: EventInit) => {
      const result = await handler(lambdaEvent(init), lambdaContext());
      return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
    };

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), `egg-${decl.name}-`));
      log = await FileEventLog.open(dir);
      subjectId = (await createRepository(log, computation.subject).create(subjectPayload)).id;
      handler = createEntityHandler(decl, { openLog: async () => log! });
    });
    afterAll(async () => {
      await log?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has a subgraph SDL that builds and says it is computed', () => {
      const sdl = subgraphSdl(decl);
      expect(sdl).toContain(`never written: write ${computation.writeInstead.join(', ')} instead`);
      const schema = buildSubgraphSchema(parse(sdl));
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining([names.single, names.plural, names.byField(computation.key)]),
      );
    });

    it("answers one projection per subject, named by it, through REST and the subgraph", async () => {
      const read = await call({ method: 'GET', path: `/${decl.name}/api/${subjectId}` });
      expect(read).toMatchObject({ status: 200, body: { id: subjectId, [computation.key]: subjectId } });
      expect((await call({ method: 'GET', path: `/${decl.name}/api` })).body).toEqual([read.body]);
      expect((await call({ method: 'GET', path: `/${decl.name}/api/${randomUUID()}` })).status).toBe(404);
      const query = `{ ${names.single}(id: "${subjectId}") { id created_at } ${names.byField(computation.key)}(${computation.key}: "${subjectId}") { id } }`;
      const graph = await call({ method: 'POST', path: `/${decl.name}/graph`, body: { query } });
      expect(graph.body).toEqual({
        data: { [names.single]: { id: subjectId, created_at: read.body.created_at }, [names.byField(computation.key)]: [{ id: subjectId }] },
      });
    });

    it.each([
      ['POST', ''],
      ['PUT', `/${randomUUID()}`],
      ['DELETE', `/${randomUUID()}`],
    ])('refuses %s with a 405 naming the events to write instead', async (method, tail) => {
      const refused = await call({ method, path: `/${decl.name}/api${tail}`, body: { [computation.key]: randomUUID() } });
      expect(refused.status).toBe(405);
      expect(refused.headers.allow).toBe('GET, HEAD');
      for (const event of computation.writeInstead) expect(refused.body.error).toContain(event);
    });

    it('serves a valid OpenAPI document without writes that its answers fit', async () => {
      const served = await call({ method: 'GET', path: `/${decl.name}/api/openapi.json` });
      const check = await openApiChecker(served.body);
      expect(Object.keys(served.body.paths[`/${decl.name}/api`])).not.toContain('post');
      expect(Object.keys(served.body.paths[`/${decl.name}/api/{id}`])).toEqual(['get', 'head']);
      for (const init of [
        { method: 'GET', path: `/${decl.name}/api` },
        { method: 'GET', path: `/${decl.name}/api/${subjectId}` },
        { method: 'GET', path: `/${decl.name}/api/${randomUUID()}` },
        { method: 'GET', path: `/${decl.name}/ready` },
      ]) {
        const answer = await call(init);
        check({ ...init, status: answer.status!, headers: answer.headers as Record<string, string>, body: answer.body });
      }
    });
  });
}
