/**
 * The Federation 2 subgraph SDL of one entity (SPEC §3, §4). Every entity's key is
 * `id asOf`, so the instant a parent was read at travels with every reference.
 * Types of other subgraphs appear as stubs: unresolvable for one-join targets,
 * resolvable (adding the list field) for list-join parents.
 */
import { namesOf, type EntityDeclaration, type JsonSchemaProperty } from './declaration.ts';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

function graphqlType(property: JsonSchemaProperty): string {
  if (property.type === 'integer') return 'Int';
  if (property.type === 'number') return 'Float';
  return 'format' in property && property.format === 'uuid' ? 'ID' : 'String';
}

/** Stub types this subgraph mentions but does not own, with the list fields it adds to them. */
export function foreignTypes(decl: EntityDeclaration): Map<string, { listFields: string[] }> {
  const stubs = new Map<string, { listFields: string[] }>();
  const stub = (typeName: string) => {
    if (!stubs.has(typeName)) stubs.set(typeName, { listFields: [] });
    return stubs.get(typeName)!;
  };
  for (const join of decl.joins) {
    if (join.kind === 'one') {
      if (join.target !== decl.typeName) stub(join.target);
    } else if (join.parent !== decl.typeName) {
      stub(join.parent).listFields.push(`  ${join.field}: [${decl.typeName}!]!`);
    }
  }
  return stubs;
}

export function subgraphSdl(decl: EntityDeclaration): string {
  const names = namesOf(decl);
  const { properties, required } = decl.schema;
  const fields = Object.entries(properties).map(
    ([field, property]) => `  ${field}: ${graphqlType(property)}${required.includes(field) ? '!' : ''}`,
  );
  const ownJoins = decl.joins.flatMap((join) => {
    if (join.kind === 'one') return [`  ${join.field}: ${join.target}`];
    return join.parent === decl.typeName ? [`  ${join.field}: [${decl.typeName}!]!`] : [];
  });
  const own = [
    `type ${decl.typeName} @key(fields: "id asOf") {`,
    '  id: ID!',
    '  "The instant (ms since the epoch) this object was read at; joins resolve at the same instant."',
    '  asOf: Float!',
    '  "Server time (ms since the epoch) of this version."',
    '  created_at: Float!',
    ...fields,
    ...ownJoins,
    '}',
  ].join('\n');
  const stubs = [...foreignTypes(decl)].map(([typeName, { listFields }]) =>
    [
      `type ${typeName} @key(fields: "id asOf"${listFields.length === 0 ? ', resolvable: false' : ''}) {`,
      '  id: ID!',
      '  asOf: Float!',
      ...listFields,
      '}',
    ].join('\n'),
  );
  const query = [
    'type Query {',
    `  ${names.single}(id: ID!, at: Float): ${decl.typeName}`,
    `  ${names.plural}(at: Float, limit: Int): [${decl.typeName}!]!`,
    ...decl.lookups.map((f) => `  ${names.byField(f)}(${f}: String!, at: Float): [${decl.typeName}!]!`),
    '}',
  ].join('\n');
  return [FEDERATION_LINK, own, ...stubs, query].join('\n\n') + '\n';
}
