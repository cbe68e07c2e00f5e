/**
 * The machine-checkable parts of `docs/contract.md`: one section per entity (its fields,
 * root fields and lookups) between `<!-- contract:entities -->` markers, and one row per join
 * between `<!-- contract:joins -->` markers. Rendering and parsing live together so the
 * generator writes exactly what the drift test reads.
 */
import { namesOf, type EntityDeclaration, type Join, type JsonSchemaProperty } from '@egg/entity-runtime';

export interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  rule: string;
}

export interface EntityEntry {
  name: string;
  typeName: string;
  fields: FieldRow[];
  rootFields: string[];
  lookups: string[];
}

export interface JoinRow {
  /** `Parent.field`. */
  field: string;
  kind: Join['kind'];
  /** The entity the join yields: the one that declares it. */
  entity: string;
  by: string;
}

export interface ContractEntries {
  entities: EntityEntry[];
  joins: JoinRow[];
}

class ContractDocError extends Error {}

const MARK = { entities: 'contract:entities', joins: 'contract:joins' } as const;

const typeOf = (p: JsonSchemaProperty): string => ('format' in p && p.format ? `${p.type} (${p.format})` : p.type);

function ruleOf(p: JsonSchemaProperty): string {
  if (p.type === 'string') return p.enum ? `one of: ${p.enum.join(', ')}` : '';
  return [p.minimum !== undefined ? `≥ ${p.minimum}` : '', p.maximum !== undefined ? `≤ ${p.maximum}` : '']
    .filter(Boolean)
    .join('; ');
}

/** What the document must say about a declaration. */
export function entryOf(decl: EntityDeclaration): EntityEntry {
  const names = namesOf(decl);
  return {
    name: decl.name,
    typeName: decl.typeName,
    fields: Object.entries(decl.schema.properties).map(([field, p]) => ({
      field,
      type: typeOf(p),
      required: decl.schema.required.includes(field),
      rule: ruleOf(p),
    })),
    rootFields: [
      `${names.single}(id, at)`,
      `${names.plural}(at, limit, after)`,
      ...decl.lookups.map((f) => `${names.byField(f)}(${f}, at, limit, after)`),
    ],
    lookups: [...decl.lookups],
  };
}

export const joinRowsOf = (decl: EntityDeclaration): JoinRow[] =>
  decl.joins.map((j) => ({ field: `${j.parent}.${j.field}`, kind: j.kind, entity: decl.name, by: j.by }));

const code = (s: string): string => `\`${s}\``;

function renderEntity(decl: EntityDeclaration, number: number): string {
  const entry = entryOf(decl);
  return [
    `### 2.${number} ${code(entry.name)} → ${code(entry.typeName)}`,
    '',
    '| field | type | required | rule |',
    '|---|---|---|---|',
    ...entry.fields.map((f) => `| ${code(f.field)} | ${f.type} | ${f.required ? 'yes' : 'no'} | ${f.rule} |`),
    '',
    `Root fields: ${entry.rootFields.map(code).join(', ')}.`,
    `Lookups: ${entry.lookups.length > 0 ? entry.lookups.map(code).join(', ') : 'none'}.`,
    '',
  ].join('\n');
}

function renderJoinRow(row: JoinRow, number: number): string {
  const [parent] = row.field.split('.');
  const meaning =
    row.kind === 'list'
      ? `every ${code(row.entity)} whose ${code(row.by)} is the ${parent}'s id, \`[]\` when none`
      : `the ${code(row.entity)} whose id is the ${parent}'s ${code(row.by)}, or null`;
  return `| ${number} | ${code(row.field)} | ${row.kind} | ${code(row.entity)} | ${code(row.by)} | ${meaning} |`;
}

function between(markdown: string, mark: string): { start: number; end: number } {
  const open = `<!-- ${mark} -->`;
  const close = `<!-- /${mark} -->`;
  const start = markdown.indexOf(open);
  const end = markdown.indexOf(close);
  if (start < 0 || end < start) throw new ContractDocError(`docs/contract.md: markers ${open} … ${close} not found`);
  return { start: start + open.length, end };
}

const cells = (line: string): string[] => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
const unquote = (s: string): string => s.replace(/^`|`$/g, '');
const backticked = (line: string): string[] => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function parseEntities(block: string): EntityEntry[] {
  const entities: EntityEntry[] = [];
  for (const line of block.split('\n')) {
    const heading = /^### 2\.\d+ `([a-z][a-z0-9_]*)` → `([A-Za-z0-9]+)`\s*$/.exec(line);
    if (heading) {
      entities.push({ name: heading[1], typeName: heading[2], fields: [], rootFields: [], lookups: [] });
      continue;
    }
    const entity = entities.at(-1);
    if (!entity) continue;
    if (line.startsWith('| `')) {
      const [field, type, required, rule = ''] = cells(line);
      entity.fields.push({ field: unquote(field), type, required: required === 'yes', rule });
    } else if (line.startsWith('Root fields:')) entity.rootFields = backticked(line);
    else if (line.startsWith('Lookups:')) entity.lookups = backticked(line);
  }
  return entities;
}

function parseJoins(block: string): JoinRow[] {
  return block
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const [, field, kind, entity, by] = cells(line);
      if (kind !== 'one' && kind !== 'list') throw new ContractDocError(`docs/contract.md: join ${field} has kind "${kind}"`);
      return { field: unquote(field), kind, entity: unquote(entity), by: unquote(by) };
    });
}

export function parseContract(markdown: string): ContractEntries {
  const e = between(markdown, MARK.entities);
  const j = between(markdown, MARK.joins);
  return { entities: parseEntities(markdown.slice(e.start, e.end)), joins: parseJoins(markdown.slice(j.start, j.end)) };
}

/** The document with a new entity's section and join rows appended to their blocks. */
export function addEntity(markdown: string, decl: EntityDeclaration): string {
  const current = parseContract(markdown);
  if (current.entities.some((e) => e.name === decl.name)) throw new ContractDocError(`docs/contract.md already describes ${decl.name}`);
  const rows = joinRowsOf(decl).map((row, i) => renderJoinRow(row, current.joins.length + 1 + i));
  const j = between(markdown, MARK.joins);
  let out = rows.length > 0 ? `${markdown.slice(0, j.end)}${rows.join('\n')}\n${markdown.slice(j.end)}` : markdown;
  const e = between(out, MARK.entities);
  out = `${out.slice(0, e.end)}${renderEntity(decl, current.entities.length + 1)}\n${out.slice(e.end)}`;
  return out;
}
