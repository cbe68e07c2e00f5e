import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineEntity, type EntityDeclaration } from '@egg/entity-runtime';
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { describe, expect, it } from 'vitest';
import { entityNames } from '@egg/shared-catalog';
import { breakIntended, schemaBreaks, TRAILER } from './breaking.ts';
import { composeGraphs, loadDeclaration } from './supergraph.ts';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');

/** The gateway's API schema over the real declarations, with the farm declaration changed by `edit`. */
async function apiSchema(edit: (farm: EntityDeclaration) => EntityDeclaration = (farm) => farm): Promise<string> {
  const declarations = await Promise.all(entityNames().map((name) => loadDeclaration(appsDir, name)));
  return composeGraphs(declarations.map((decl) => (decl.name === 'farm' ? edit(decl) : decl)), loadGraphLimits({})).apiSdl;
}

describe('schemaBreaks', () => {
  it('finds none between a schema and itself, nor when a field is added', async () => {
    const before = await apiSchema();
    const after = await apiSchema((farm) =>
      defineEntity({ ...farm, schema: { ...farm.schema, properties: { ...farm.schema.properties, acres: { type: 'number' } } } }));
    expect(after).toContain('acres: Float');
    expect(schemaBreaks(before, before)).toEqual([]);
    expect(schemaBreaks(before, after)).toEqual([]);
  });

  it('lists a removed field, a retyped field and a removed lookup of a real declaration', async () => {
    const before = await apiSchema();
    const after = await apiSchema((farm) => {
      const kept = Object.fromEntries(Object.entries(farm.schema.properties).filter(([field]) => field !== 'owner'));
      return defineEntity({ ...farm, lookups: [], schema: { ...farm.schema, properties: { ...kept, name: { type: 'integer' } } } });
    });
    expect(schemaBreaks(before, after)).toEqual(expect.arrayContaining([
      'FIELD_REMOVED: Farm.owner was removed.',
      'FIELD_CHANGED_KIND: Farm.name changed type from String! to Int.',
      'FIELD_REMOVED: Query.farmsByZone was removed.',
    ]));
  });

  it('lists an argument made required', async () => {
    const before = await apiSchema();
    const at = before.indexOf('\n  farms(\n');
    expect(at).toBeGreaterThan(0);
    const after = before.slice(0, at) + before.slice(at).replace('limit: Int = 100', 'limit: Int!');
    expect(after).not.toBe(before);
    expect(schemaBreaks(before, after)).toEqual(['ARG_CHANGED_KIND: Query.farms arg limit has changed type from Int to Int!.']);
  });
});

describe('breakIntended', () => {
  it(`reads the "${TRAILER}" trailer of the commits in the range only`, () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-break-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', `old break\n\n${TRAILER}`);
    const base = git('rev-parse', 'HEAD');
    git('commit', '-q', '--allow-empty', '-m', 'farm: drop owner\n\nSchema-Break: maybe');
    expect(breakIntended(base, 'HEAD', repo)).toBe(false);
    git('commit', '-q', '--allow-empty', '-m', `farm: drop owner, no client reads it\n\n${TRAILER}`);
    expect(breakIntended(base, 'HEAD', repo)).toBe(true);
    fs.rmSync(repo, { recursive: true, force: true });
  });
});
