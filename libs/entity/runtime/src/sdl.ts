/**
 * The Federation 2 subgraph SDL of one entity (docs/contract.md §3, §4). Every entity's key is
 * `id asOf`, so the instant a parent was read at travels with every reference.
 * A subgraph resolves every join whose value is its own entity: it adds list fields and
 * one fields to the parent types, which appear here as resolvable stubs; a one field
 * `@requires` the parent's foreign key from the parent's own subgraph.
 */
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';
import { namesOf, type EntityDeclaration, type Join, type JsonSchemaProperty } from './declaration.ts';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';

function graphqlType(property: JsonSchemaProperty): string {
  if (property.type === 'number') return 'Float';
  return 'format' in property && property.format === 'uuid' ? 'ID' : 'String';
}

/** The field a join adds to its parent type; a one-join on another type names the key it requires. */
function joinField(decl: EntityDeclaration, join: Join, limits: GraphLimits): string {
  if (join.kind === 'list') {
    const pager = decl.lookups.includes(join.by) ? `; page through all of them with ${namesOf(decl).byField(join.by)}(${join.by}: id, after: …)` : '';
    const limit = `"Items per parent: default ${limits.joinDefault}, at most ${limits.joinMax}." limit: Int = ${limits.joinDefault}`;
    return `  "In creation order, at most limit of them${pager}."\n  ${join.field}(${limit}): [${decl.typeName}!]!`;
  }
  return join.parent === decl.typeName
    ? `  ${join.field}: ${decl.typeName}`
    : `  ${join.field}: ${decl.typeName} @requires(fields: "${join.by}")`;
}

/** Parent types of other subgraphs this one extends: the foreign keys it requires and the join fields it adds. */
export function foreignTypes(decl: EntityDeclaration, limits: GraphLimits): Map<string, { externals: Set<string>; fields: string[] }> {
  const stubs = new Map<string, { externals: Set<string>; fields: string[] }>();
  for (const join of decl.joins) {
    if (join.parent === decl.typeName) continue;
    const stub = stubs.get(join.parent) ?? { externals: new Set<string>(), fields: [] };
    stubs.set(join.parent, stub);
    // All foreign keys are uuids, hence ID; two joins on one key (none in the contract) share the line.
    if (join.kind === 'one') stub.externals.add(`  ${join.by}: ID${join.nullable ? '' : '!'} @external`);
    stub.fields.push(joinField(decl, join, limits));
  }
  return stubs;
}

/**
 * Integer fields are nullable even when required: a stored value beyond GraphQL `Int` (written
 * before writes were bounded) is then a field error on that field alone, not a null that
 * propagates up and wipes the whole answer.
 */
function fieldLine(field: string, property: JsonSchemaProperty, required: boolean): string {
  if (property.type !== 'integer') return `  ${field}: ${graphqlType(property)}${required ? '!' : ''}`;
  const note = required ? 'Always set; null only with an error when the stored value is beyond Int.' : 'Null with an error when the stored value is beyond Int.';
  return `  "${note}"\n  ${field}: Int`;
}

/** `limit` and `after` of every root list; the description states the default and maximum. */
const pageArgs = (limits: GraphLimits): string =>
  `"Page size: default ${limits.listDefault}, at most ${limits.listMax}." limit: Int = ${limits.listDefault}, "Continue after this id (the last of the previous page, read at the same at)." after: ID`;

export function subgraphSdl(decl: EntityDeclaration, limits: GraphLimits = loadGraphLimits()): string {
  const names = namesOf(decl);
  const { properties, required } = decl.schema;
  const fields = Object.entries(properties).map(([field, property]) => fieldLine(field, property, required.includes(field)));
  const own = [
    `type ${decl.typeName} @key(fields: "id asOf") {`,
    '  id: ID!',
    '  "The instant (ms since the epoch) this object was read at; joins resolve at the same instant."',
    '  asOf: Float!',
    '  "Server time (ms since the epoch) of this version."',
    '  created_at: Float!',
    ...fields,
    ...decl.joins.filter((join) => join.parent === decl.typeName).map((join) => joinField(decl, join, limits)),
    '}',
  ].join('\n');
  const stubs = [...foreignTypes(decl, limits)].map(([typeName, { externals, fields: added }]) =>
    [`type ${typeName} @key(fields: "id asOf") {`, '  id: ID!', '  asOf: Float!', ...externals, ...added, '}'].join('\n'),
  );
  const query = [
    'type Query {',
    `  ${names.single}(id: ID!, at: Float): ${decl.typeName}`,
    '  "In creation order."',
    `  ${names.plural}(at: Float, ${pageArgs(limits)}): [${decl.typeName}!]!`,
    ...decl.lookups.flatMap((f) => [
      '  "In creation order."',
      `  ${names.byField(f)}(${f}: String!, at: Float, ${pageArgs(limits)}): [${decl.typeName}!]!`,
    ]),
    '}',
  ].join('\n');
  return [FEDERATION_LINK, own, ...stubs, query].join('\n\n') + '\n';
}
