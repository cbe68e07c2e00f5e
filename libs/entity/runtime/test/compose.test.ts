import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSdl } from '../src/index.ts';
import { coop, farm, hen } from './fixtures.ts';

describe('subgraph SDL', () => {
  it('names the root fields as docs/contract.md §4 does', () => {
    const sdl = subgraphSdl(coop);
    expect(sdl).toContain('coop(id: ID!, at: Float): Coop');
    expect(sdl).toContain('coops(at: Float, limit: Int): [Coop!]!');
    expect(sdl).toContain('coopsByFarmId(farm_id: String!, at: Float): [Coop!]!');
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs.apollo.dev\/federation\/v2\.\d+"/);
  });

  it('composes farm, coop and hen into a supergraph with both join directions keyed by id and asOf', () => {
    const result = composeServices(
      [farm, coop, hen].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://127.0.0.1/${d.name}/graph` })),
    );
    expect(result.errors).toBeUndefined();
    const supergraph = result.supergraphSdl!;
    expect(supergraph).toMatch(/type Farm\s+@join__type\(graph: COOP, key: "id asOf"\)\s+@join__type\(graph: FARM, key: "id asOf"\)/);
    expect(supergraph).toContain('coops: [Coop!]! @join__field(graph: COOP)');
    expect(supergraph).toContain('farm: Farm @join__field(graph: FARM, requires: "farm_id")');
    expect(supergraph).toContain('hens: [Hen!]! @join__field(graph: HEN)');
    expect(supergraph).toContain('coop: Coop @join__field(graph: COOP, requires: "coop_id")');
  });

  it('a one-join is added by its target to the parent type, requiring the foreign key as the parent declares it', () => {
    expect(subgraphSdl(farm)).toContain(
      'type Coop @key(fields: "id asOf") {\n  id: ID!\n  asOf: Float!\n  farm_id: ID! @external\n  farm: Farm @requires(fields: "farm_id")\n}',
    );
    expect(subgraphSdl(coop)).not.toMatch(/^ {2}farm: Farm/m);
    const optional = { ...farm, joins: [{ kind: 'one' as const, field: 'farm', parent: 'Coop', by: 'farm_id', nullable: true }] };
    expect(subgraphSdl(optional)).toContain('  farm_id: ID @external\n');
  });

  it('a one-join declared with the wrong nullability of the foreign key does not compose', () => {
    const optional = { ...farm, joins: [{ kind: 'one' as const, field: 'farm', parent: 'Coop', by: 'farm_id', nullable: true }] };
    const result = composeServices(
      [optional, coop].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://127.0.0.1/${d.name}/graph` })),
    );
    expect(result.errors?.map((e) => e.message).join('\n')).toMatch(/Coop\.farm_id/);
  });
});
