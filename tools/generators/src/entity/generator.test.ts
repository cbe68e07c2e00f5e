import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { beforeEach, describe, expect, it } from 'vitest';
import entityGenerator from './generator.ts';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    name: { type: 'string' },
    zone: { type: 'string' },
    ducks: { type: 'integer', minimum: 0 },
    kind: { type: 'string', enum: ['pond', 'lake'] },
  },
  required: ['name', 'zone'],
  additionalProperties: false,
};

describe('entity generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('schemas/duck_pond.json', JSON.stringify(schema));
  });

  it('adds an app with declaration, main, test, project.json and tsconfig.json', async () => {
    await entityGenerator(tree, { name: 'duck_pond', schema: 'schemas/duck_pond.json', lookups: 'zone, kind' });
    for (const file of ['src/declaration.ts', 'src/main.ts', 'src/declaration.test.ts', 'project.json', 'tsconfig.json']) {
      expect(tree.exists(`apps/duck-pond/${file}`), file).toBe(true);
    }
    const declaration = tree.read('apps/duck-pond/src/declaration.ts', 'utf-8')!;
    expect(declaration).toContain("name: 'duck_pond',");
    expect(declaration).toContain("typeName: 'DuckPond',");
    expect(declaration).toContain('lookups: ["zone","kind"],');
    expect(declaration).toContain('joins: [],');
    const literal = declaration.slice(declaration.indexOf('schema: ') + 8, declaration.indexOf(',\n  lookups'));
    expect(JSON.parse(literal)).toEqual({
      type: 'object',
      properties: schema.properties,
      required: ['name', 'zone'],
    });
    expect(tree.read('apps/duck-pond/src/main.ts', 'utf-8')).toContain('export const handler = createEntityHandler(declaration);');
    expect(tree.read('apps/duck-pond/src/declaration.test.ts', 'utf-8')).toContain('describeEntityApp(declaration);');
    expect(JSON.parse(tree.read('apps/duck-pond/project.json', 'utf-8')!)).toMatchObject({
      name: 'duck-pond-function',
      tags: ['scope:entity', 'type:app'],
      targets: { build: {}, test: {}, lint: {}, typecheck: {} },
    });
    expect(JSON.parse(tree.read('apps/duck-pond/tsconfig.json', 'utf-8')!)).toEqual({
      extends: '../../tsconfig.base.json',
      include: ['src/**/*.ts'],
    });
  });

  it('takes an explicit GraphQL type name', async () => {
    await entityGenerator(tree, { name: 'duck_pond', schema: 'schemas/duck_pond.json', typeName: 'Pond' });
    expect(tree.read('apps/duck-pond/src/declaration.ts', 'utf-8')).toContain("typeName: 'Pond',");
  });

  it('refuses bad input: name, missing schema, unknown lookup, reserved or non-scalar fields, existing app', async () => {
    await expect(entityGenerator(tree, { name: 'DuckPond', schema: 'schemas/duck_pond.json' })).rejects.toThrow(/snake_case/);
    await expect(entityGenerator(tree, { name: 'duck', schema: 'nope.json' })).rejects.toThrow(/not found/);
    await expect(entityGenerator(tree, { name: 'duck', schema: 'schemas/duck_pond.json', lookups: 'colour' })).rejects.toThrow(/colour/);
    tree.write('schemas/bad.json', JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } }));
    await expect(entityGenerator(tree, { name: 'duck', schema: 'schemas/bad.json' })).rejects.toThrow(/reserved/);
    tree.write('schemas/nested.json', JSON.stringify({ type: 'object', properties: { tags: { type: 'array' } } }));
    await expect(entityGenerator(tree, { name: 'duck', schema: 'schemas/nested.json' })).rejects.toThrow(/string, integer or number/);
    await entityGenerator(tree, { name: 'duck', schema: 'schemas/duck_pond.json' });
    await expect(entityGenerator(tree, { name: 'duck', schema: 'schemas/duck_pond.json' })).rejects.toThrow(/already exists/);
  });
});
