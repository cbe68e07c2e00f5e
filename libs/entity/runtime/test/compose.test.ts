import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSdl } from '../src/index.ts';
import { bed, garden, plant } from './fixtures.ts';

describe('subgraph SDL', () => {
  it('names the root fields as docs/contract.md §4 does', () => {
    const sdl = subgraphSdl(bed);
    expect(sdl).toContain('bed(id: ID!, at: Float): Bed');
    const page = '"Page size: default 100, at most 1000." limit: Int = 100, "Continue after this id (the last of the previous page, read at the same at)." after: ID';
    expect(sdl).toContain(`beds(at: Float, ${page}): [Bed!]!`);
    expect(sdl).toContain(`bedsByGardenId(garden_id: String!, at: Float, ${page}): [Bed!]!`);
    expect(sdl).toContain(
      '  "In creation order, at most limit of them; page through all of them with bedsByGardenId(garden_id: id, after: …)."\n' +
        '  beds("Items per parent: default 20, at most 100." limit: Int = 20): [Bed!]!',
    );
    expect(sdl).toContain('  capacity: Int\n');
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs.apollo.dev\/federation\/v2\.\d+"/);
  });

  it('composes garden, bed and plant into a supergraph with both join directions keyed by id and asOf', () => {
    const result = composeServices(
      [garden, bed, plant].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://127.0.0.1/${d.name}/graph` })),
    );
    expect(result.errors).toBeUndefined();
    const supergraph = result.supergraphSdl!;
    expect(supergraph).toMatch(/type Garden\s+@join__type\(graph: BED, key: "id asOf"\)\s+@join__type\(graph: GARDEN, key: "id asOf"\)/);
    expect(supergraph).toMatch(/beds\([^)]*limit: Int = 20\s*\): \[Bed!\]! @join__field\(graph: BED\)/);
    expect(supergraph).toContain('garden: Garden @join__field(graph: GARDEN, requires: "garden_id")');
    expect(supergraph).toMatch(/plants\([^)]*limit: Int = 20\s*\): \[Plant!\]! @join__field\(graph: PLANT\)/);
    expect(supergraph).toContain('bed: Bed @join__field(graph: BED, requires: "bed_id")');
  });

  it('a one-join is added by its target to the parent type, requiring the foreign key as the parent declares it', () => {
    expect(subgraphSdl(garden)).toContain(
      'type Bed @key(fields: "id asOf") {\n  id: ID!\n  asOf: Float!\n  garden_id: ID! @external\n  garden: Garden @requires(fields: "garden_id")\n}',
    );
    expect(subgraphSdl(bed)).not.toMatch(/^ {2}garden: Garden/m);
    const optional = { ...garden, joins: [{ kind: 'one' as const, field: 'garden', parent: 'Bed', by: 'garden_id', nullable: true }] };
    expect(subgraphSdl(optional)).toContain('  garden_id: ID @external\n');
  });

  it('a one-join declared with the wrong nullability of the foreign key does not compose', () => {
    const optional = { ...garden, joins: [{ kind: 'one' as const, field: 'garden', parent: 'Bed', by: 'garden_id', nullable: true }] };
    const result = composeServices(
      [optional, bed].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://127.0.0.1/${d.name}/graph` })),
    );
    expect(result.errors?.map((e) => e.message).join('\n')).toMatch(/Bed\.garden_id/);
  });
});
