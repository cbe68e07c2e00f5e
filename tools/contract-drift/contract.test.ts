import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addEntity, entryOf, joinRowsOf, parseContract } from '@egg/contract-doc';
import { defineEntity, type EntityDeclaration } from '@egg/entity-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { entityNames } from '@egg/shared-catalog';
import { loadDeclaration } from '@egg/bundle/supergraph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const contractFile = path.join(root, 'docs/contract.md');
const byField = (a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field);

describe('docs/contract.md agrees with the declarations on disk', () => {
  let declarations: EntityDeclaration[];
  const doc = parseContract(fs.readFileSync(contractFile, 'utf8'));
  beforeAll(async () => {
    declarations = await Promise.all(entityNames().map((name) => loadDeclaration(path.join(root, 'apps'), name)));
  });

  it('describes exactly the entities in apps/', () => {
    expect(doc.entities.map((e) => e.name).sort()).toEqual([...entityNames()].sort());
  });

  it('gives each entity its type, fields, root fields and lookups as declared', () => {
    for (const decl of declarations) {
      const documented = doc.entities.find((e) => e.name === decl.name);
      expect(documented, `docs/contract.md §2 has no section for ${decl.name}`).toEqual(entryOf(decl));
    }
  });

  it('lists every join as declared, each once', () => {
    const declared = declarations.flatMap(joinRowsOf).sort(byField);
    expect([...doc.joins].sort(byField)).toEqual(declared);
    expect(new Set(doc.joins.map((j) => j.field)).size).toBe(doc.joins.length);
  });
});

describe('parseContract and addEntity', () => {
  const pond = defineEntity({
    name: 'heron_nest',
    typeName: 'HeronNest',
    schema: {
      type: 'object',
      properties: { name: { type: 'string' }, ducks: { type: 'integer', minimum: 0, maximum: 99 }, kind: { type: 'string', enum: ['pond', 'lake'] } },
      required: ['name'],
    },
    lookups: ['kind'],
    joins: [{ kind: 'one', field: 'nest', parent: 'Farm', by: 'nest_id', nullable: true }],
  });

  it('reads back what it writes, and refuses a second copy', () => {
    const before = fs.readFileSync(contractFile, 'utf8');
    const after = addEntity(before, pond);
    const parsed = parseContract(after);
    expect(parsed.entities.at(-1)).toEqual(entryOf(pond));
    expect(parsed.joins.at(-1)).toEqual({ field: 'Farm.nest', kind: 'one', entity: 'heron_nest', by: 'nest_id' });
    expect(parsed.entities).toHaveLength(parseContract(before).entities.length + 1);
    expect(after).toContain(`### 2.${parsed.entities.length} \`heron_nest\` → \`HeronNest\``);
    expect(() => addEntity(after, pond)).toThrow(/already describes heron_nest/);
  });

  it('notices a changed field', () => {
    const edited = addEntity(fs.readFileSync(contractFile, 'utf8'), pond).replace('| `ducks` | integer | no | ≥ 0; ≤ 99 |', '| `ducks` | number | no | ≥ 0 |');
    expect(parseContract(edited).entities.at(-1)).not.toEqual(entryOf(pond));
  });

  it('names missing markers', () => {
    expect(() => parseContract('# nothing here')).toThrow(/contract:entities/);
  });
});
