/**
 * docs/contract.md §9 on the real stack: every function is live and ready, each entity's OpenAPI
 * document and the merged one validate, and real answers of every entity fit the merged document.
 */
import { randomUUID } from 'node:crypto';
import { openApiChecker, type Answer } from '@egg/shared-testing';
import type { OpenAPIObject } from '@egg/entity-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { request, type Reply } from './client.ts';
import { buildEconomy, type Economy } from './economy.ts';

const ENTITIES = ['farm', 'coop', 'hen', 'container', 'consumer', 'lay_report', 'storage_deposit', 'storage_withdrawal',
  'container_transfer', 'consumption_report', 'container_inventory', 'hen_productivity', 'farm_output'] as const;

const answerOf = (method: string, path: string, reply: Reply): Answer => ({
  method,
  path: path.split('?')[0],
  status: reply.status,
  headers: Object.fromEntries(reply.headers),
  body: reply.body,
});

describe('health, readiness and OpenAPI', () => {
  let merged: OpenAPIObject;
  let economy: Economy;
  beforeAll(async () => {
    const reply = await request('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    merged = reply.body;
    economy = await buildEconomy();
  });

  it('answers /<entity>/health, /<entity>/ready and the gateway’s, once the stack said ready', async () => {
    for (const path of [...ENTITIES.flatMap((e) => [`/${e}/health`, `/${e}/ready`]), '/graphql/health', '/graphql/ready']) {
      const reply = await request('GET', path);
      expect(reply.status, path).toBe(200);
      expect(reply.body.status, path).toMatch(/^(ok|ready)$/);
    }
  });

  it('serves a valid document per entity, and the merged one holds every one of them', async () => {
    await openApiChecker(merged);
    for (const entity of ENTITIES) {
      const own = await request('GET', `/${entity}/api/openapi.json`);
      expect(own.status, entity).toBe(200);
      await openApiChecker(own.body);
      for (const path of Object.keys(own.body.paths)) expect(merged.paths![path], path).toEqual(own.body.paths[path]);
    }
  });

  it('describes the real answers of every entity: create, list, read, replace, delete and their errors', async () => {
    const check = await openApiChecker(merged);
    const created: Record<string, Record<string, unknown>> = {
      farm: economy.farm, coop: economy.coop, hen: economy.hen, container: economy.container, consumer: economy.consumer,
      lay_report: economy.lay, storage_deposit: economy.deposit, storage_withdrawal: economy.withdrawal,
      container_transfer: economy.transfer, consumption_report: economy.consumption, container_inventory: economy.inventory,
      hen_productivity: economy.productivity, farm_output: economy.output,
    };
    for (const entity of ENTITIES) {
      const { id, ...payload } = created[entity] as { id: string } & Record<string, unknown>;
      delete payload.created_at; // read-only: a replace that sends it is a 400
      const calls: [string, string, unknown?][] = [
        ['GET', `/${entity}/api`],
        ['GET', `/${entity}/api/${id}`],
        ['GET', `/${entity}/api/${randomUUID()}`],
        ['GET', `/${entity}/api?at=never`],
        ['PUT', `/${entity}/api/${id}`, payload],
        ['POST', `/${entity}/api`, { ...payload, id }],
        ['POST', `/${entity}/api`, { ...payload, unknown_field: 1 }],
        ['DELETE', `/${entity}/api/${id}`],
        ['DELETE', `/${entity}/api/${id}`],
      ];
      const statuses: number[] = [];
      for (const [method, path, body] of calls) {
        const reply = await request(method, path, body);
        statuses.push(reply.status);
        check(answerOf(method, path, reply));
      }
      expect(statuses, entity).toEqual([200, 200, 404, 400, 200, 409, 400, 200, 404]);
    }
  });
});
