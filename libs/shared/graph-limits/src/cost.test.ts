import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadGraphLimits } from './config.ts';
import { inspectOperation } from './cost.ts';

const schema = buildSchema(`
  type Query { farms(at: Float, limit: Int = 10, after: ID): [Farm!]! farm(id: ID!, at: Float): Farm _entities(representations: [String!]!): [Farm]! }
  type Farm { id: ID! name: String! coops(limit: Int = 4): [Coop!]! }
  type Coop { id: ID! capacity: Int! farm: Farm }
`);
const limits = { ...loadGraphLimits({}), listDefault: 10, listMax: 50, joinDefault: 4, joinMax: 6 };

const inspect = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return inspectOperation(schema, document, operation, variables, limits);
};

describe('inspectOperation', () => {
  it('counts objects: a list by its limit or the default the schema declares, scalars free', () => {
    expect(inspect('{ farms { id name } }').cost).toBe(10);
    expect(inspect('{ farms(limit: 3) { coops { farm { name } } } }').cost).toBe(3 * (1 + 4 * (1 + 1)));
    expect(inspect('query($n: Int = 7) { farms(limit: $n) { id } }').cost).toBe(7);
    expect(inspect('{ farm(id: "x") { coops(limit: 6) { id } } }').cost).toBe(1 + 6);
    expect(inspect('query($n: Int) { farms(limit: $n) { id } }', { n: 2 }).cost).toBe(2);
    expect(inspect('query($r: [String!]!) { _entities(representations: $r) { ... on Farm { name } } }', { r: ['a', 'b', 'c'] }).cost).toBe(3);
  });

  it('costs each fragment once, however they nest, and counts every spread', () => {
    const levels = 26;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Farm { name }` : `fragment F${i} on Farm { coops { farm { ...F${i + 1} ...F${i + 1} } } }`,
    );
    // Expanded, this is 2^26 selections: a walk that expanded it would not finish within the test's timeout.
    const { cost } = inspect(`{ farm(id: "x") { ...F0 } } ${fragments.join(' ')}`);
    expect(cost).toBeGreaterThan(2 ** 25);
  });

  it('names at and limit outside their domain with the REST messages', () => {
    expect(inspect('{ farms(limit: -1) { id } }').problems).toEqual(['limit must be an integer from 1 to 50']);
    expect(inspect('{ farms(limit: 51) { id } }').problems).toEqual(['limit must be an integer from 1 to 50']);
    expect(inspect('{ farms(at: 1e400) { id } }').problems).toEqual([expect.stringMatching(/^at must be ms since the epoch/)]);
    expect(inspect('query($t: Float) { farm(id: "x", at: $t) { id } }', { t: -5 }).problems).toHaveLength(1);
    expect(inspect('{ farms(limit: 50, at: 0) { id } }').problems).toEqual([]);
    expect(inspect('{ farm(id: "x") { coops(limit: 7) { id } } }').problems).toEqual(['limit must be an integer from 1 to 6']);
  });
});
