import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSdl } from '../src/index.ts';
import { coop, farm, hen } from './fixtures.ts';

describe('subgraph SDL', () => {
  it('names the root fields as SPEC §4 does', () => {
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
    expect(supergraph).toContain('farm: Farm @join__field(graph: COOP)');
    expect(supergraph).toContain('hens: [Hen!]! @join__field(graph: HEN)');
    expect(supergraph).toContain('coop: Coop');
  });

  it('a subgraph that only points at a type stubs it unresolvable; one that adds a list to it can resolve it', () => {
    const onlyOne = { ...coop, joins: coop.joins.filter((j) => j.kind === 'one') };
    expect(subgraphSdl(onlyOne)).toContain('type Farm @key(fields: "id asOf", resolvable: false)');
    expect(subgraphSdl(coop)).toMatch(/type Farm @key\(fields: "id asOf"\) \{\n {2}id: ID!\n {2}asOf: Float!\n {2}coops: \[Coop!\]!/);
  });
});
