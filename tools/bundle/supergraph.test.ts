import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineEntity } from '@egg/entity-runtime';
import { describe, expect, it } from 'vitest';
import { entityNames } from '@egg/shared-catalog';
import { CompositionError, composeDeclarations, loadDeclaration } from './supergraph.ts';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');

describe('composeDeclarations', () => {
  it('composes the 13 entity apps into one supergraph with every join', async () => {
    const spec = ['farm', 'coop', 'hen', 'container', 'consumer', 'lay_report', 'storage_deposit', 'storage_withdrawal',
      'container_transfer', 'consumption_report', 'container_inventory', 'hen_productivity', 'farm_output'];
    expect(entityNames()).toEqual(expect.arrayContaining(spec));
    const declarations = await Promise.all(entityNames().map((name) => loadDeclaration(appsDir, name)));
    const sdl = composeDeclarations(declarations);
    for (const name of entityNames()) expect(sdl).toContain(`@join__graph(name: "${name}"`);
    for (const field of ['coops', 'farmOutput', 'hens', 'layReports', 'productivity', 'consumptionReports', 'sourceContainer', 'destContainer']) {
      // A list join's arguments carry descriptions, which the supergraph prints over several lines.
      expect(sdl).toMatch(new RegExp(`\\b${field}(\\([^)]*\\))?: `));
    }
  });

  it('fails with the composition errors when subgraphs disagree', () => {
    const base = { lookups: [] as string[], schema: { type: 'object' as const, required: [] as string[] } };
    // Two subgraphs both owning type Farm with different field types cannot compose.
    const a = defineEntity({ ...base, name: 'farm', typeName: 'Farm', schema: { ...base.schema, properties: { name: { type: 'string' } } }, joins: [] });
    const b = defineEntity({ ...base, name: 'barn', typeName: 'Farm', schema: { ...base.schema, properties: { name: { type: 'integer' } } }, joins: [] });
    expect(() => composeDeclarations([a, b])).toThrow(CompositionError);
    expect(() => composeDeclarations([a, b])).toThrow(/composition failed:\n {2}- /);
  });

  it('refuses a folder whose declaration is missing', async () => {
    await expect(loadDeclaration(appsDir, 'unicorn')).rejects.toThrow(/missing declaration for unicorn/);
  });
});
