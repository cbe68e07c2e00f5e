import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { entryOf, parseContract } from '@egg/contract-doc';
import { defineEntity } from '@egg/entity-runtime';
import { beforeEach, describe, expect, it } from 'vitest';
import entityGenerator, { declarationOf } from './generator.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const contract = fs.readFileSync(path.join(root, 'docs/contract.md'), 'utf8');
const example = 'tools/entity-generator/examples/duck_pond.schema.json';
const exampleText = fs.readFileSync(path.join(root, example), 'utf8');

describe('entity generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('docs/contract.md', contract);
    tree.write(example, exampleText);
    tree.write('apps/farm/src/declaration.ts', "export default defineEntity({ name: 'farm', typeName: 'Farm' });");
  });

  it('adds an app (declaration, main, test, project.json, tsconfig.json) and its section in docs/contract.md', async () => {
    await entityGenerator(tree, { name: 'duck_pond', schema: example, lookups: 'zone, kind' });
    for (const file of ['src/declaration.ts', 'src/main.ts', 'src/declaration.test.ts', 'project.json', 'tsconfig.json']) {
      expect(tree.exists(`apps/duck-pond/${file}`), file).toBe(true);
    }
    const declaration = tree.read('apps/duck-pond/src/declaration.ts', 'utf-8')!;
    expect(declaration).toContain("name: 'duck_pond',");
    expect(declaration).toContain("typeName: 'DuckPond',");
    expect(declaration).toContain("      kind: { type: 'string', enum: ['pond', 'lake', 'puddle'] },");
    expect(declaration).toContain("lookups: ['zone', 'kind'],");
    expect(declaration).toContain('joins: [],');
    expect(tree.read('apps/duck-pond/src/main.ts', 'utf-8')).toContain('export const handler = createEntityHandler(declaration);');
    expect(JSON.parse(tree.read('apps/duck-pond/project.json', 'utf-8')!)).toMatchObject({
      name: 'duck-pond-function',
      tags: ['scope:entity', 'type:app'],
      targets: { build: {}, test: {}, lint: {}, typecheck: {} },
    });
    const fresh = createTreeWithEmptyWorkspace();
    fresh.write(example, exampleText);
    const decl = declarationOf(fresh, { name: 'duck_pond', schema: example, lookups: 'zone, kind' });
    const documented = parseContract(tree.read('docs/contract.md', 'utf-8')!).entities.find((e) => e.name === 'duck_pond');
    expect(documented).toEqual(entryOf(defineEntity(decl)));
    expect(decl.schema).toEqual({ ...JSON.parse(exampleText), $schema: undefined, title: undefined, description: undefined, additionalProperties: undefined, type: 'object' });
  });

  it('takes an explicit GraphQL type name, and refuses one an app already declares', async () => {
    await entityGenerator(tree, { name: 'duck_pond', schema: example, typeName: 'Pond' });
    expect(tree.read('apps/duck-pond/src/declaration.ts', 'utf-8')).toContain("typeName: 'Pond',");
    await expect(entityGenerator(tree, { name: 'barn', schema: example, typeName: 'Farm' })).rejects.toThrow(
      'GraphQL type Farm is already declared by apps/farm: pick another --typeName',
    );
  });

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{"type": ', /bad\.json: not valid JSON/],
    ['not an object schema', { type: 'array' }, /bad\.json: "type" must be "object"/],
    ['no fields', { type: 'object', properties: {} }, /at least one field/],
    ['an unknown top-level keyword', { type: 'object', properties: { a: { type: 'string' } }, oneOf: [] }, /"oneOf" is not supported at the top level/],
    ['an open object', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }, /may only be false/],
    ['a reserved field', { type: 'object', properties: { id: { type: 'string' } } }, /field id: name is reserved/],
    ['a camelCase field', { type: 'object', properties: { eggCount: { type: 'integer' } } }, /field eggCount: name must be snake_case/],
    ['a nested field', { type: 'object', properties: { tags: { type: 'array' } } }, /field tags: type must be "string", "integer" or "number", got "array"/],
    ['an unsupported keyword', { type: 'object', properties: { code: { type: 'string', pattern: '^A' } } }, /field code: "pattern" is not supported \(string fields take type, format, enum, description\)/],
    ['a bad format', { type: 'object', properties: { at: { type: 'string', format: 'time' } } }, /field at: format must be "uuid", "date" or "date-time"/],
    ['an empty enum', { type: 'object', properties: { k: { type: 'string', enum: [] } } }, /field k: enum must be a non-empty array of strings/],
    ['crossed bounds', { type: 'object', properties: { n: { type: 'integer', minimum: 5, maximum: 1 } } }, /field n: minimum is above maximum/],
    ['a required field that does not exist', { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }, /"required" names b, which is not in "properties"/],
  ];
  it.each(bad)('refuses a schema with %s, in one line naming what is wrong', async (_, schema, message) => {
    tree.write('bad.json', typeof schema === 'string' ? schema : JSON.stringify(schema));
    const attempt = entityGenerator(tree, { name: 'duck', schema: 'bad.json' });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(/^[^\n]+$/);
    expect(tree.exists('apps/duck')).toBe(false);
  });

  it('refuses bad options: name, missing schema, unknown lookup, existing app', async () => {
    await expect(entityGenerator(tree, { name: 'DuckPond', schema: example })).rejects.toThrow(/--name must be snake_case/);
    await expect(entityGenerator(tree, { name: 'duck', schema: '' })).rejects.toThrow(/--schema is required/);
    await expect(entityGenerator(tree, { name: 'duck', schema: 'nope.json' })).rejects.toThrow(/file not found: nope.json/);
    await expect(entityGenerator(tree, { name: 'duck', schema: example, lookups: 'colour' })).rejects.toThrow(/--lookups: colour is not a field/);
    await expect(entityGenerator(tree, { name: 'duck', schema: example, typeName: 'duck' })).rejects.toThrow(/--typeName must be PascalCase/);
    await entityGenerator(tree, { name: 'duck', schema: example });
    await expect(entityGenerator(tree, { name: 'duck', schema: example, typeName: 'Duck2' })).rejects.toThrow(/already exists/);
  });
});

describe('npm run g:entity (the CLI)', () => {
  const cli = path.join(root, 'tools/entity-generator/src/entity/cli.ts');
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const run = async (args: string[], cwd = root) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(tsx, [cli, ...args], { cwd, encoding: 'utf8' });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { status: code, stdout, stderr };
    }
  };

  it('prints the options and the README example on --help', async () => {
    const help = await run(['--help']);
    expect(help.status).toBe(0);
    for (const option of ['--name', '--schema', '--lookups', '--typeName']) expect(help.stdout).toContain(option);
    expect(help.stdout).toContain(`npm run g:entity -- --name=duck_pond --schema=${example} --lookups=zone`);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`npm run g:entity -- --name=duck_pond --schema=${example} --lookups=zone`);
  });

  it('answers a bad option or schema with one line and exit code 2, never a stack trace', async () => {
    const cases = [['--bogus'], ['--name=duck'], ['--name=duck', '--schema=README.md'], ['extra']];
    const results = await Promise.all(cases.map((args) => run(args)));
    for (const [i, args] of cases.entries()) {
      const result = results[i];
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^g:entity: .*--help/);
      expect(result.stdout).toBe('');
    }
  });

  it('runs the README example in a workspace, writing the app and the contract section', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'g-entity-'));
    try {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.mkdirSync(path.join(dir, 'apps'));
      fs.copyFileSync(path.join(root, 'docs/contract.md'), path.join(dir, 'docs/contract.md'));
      fs.mkdirSync(path.join(dir, path.dirname(example)), { recursive: true });
      fs.copyFileSync(path.join(root, example), path.join(dir, example));
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const result = await run(['--name=duck_pond', `--schema=${example}`, '--lookups=zone'], dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(fs.existsSync(path.join(dir, 'apps/duck-pond/src/declaration.ts'))).toBe(true);
      expect(fs.readFileSync(path.join(dir, 'docs/contract.md'), 'utf8')).toContain('`duck_pond` → `DuckPond`');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
