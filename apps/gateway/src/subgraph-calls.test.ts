import type { GraphQLDataSource } from '@apollo/gateway';
import { describe, expect, it } from 'vitest';
import { guardSubgraph, splitByBytes } from './subgraph-calls.ts';

type Options = Parameters<GraphQLDataSource['process']>[0];

/** A subgraph that answers `_entities` by echoing each representation's id, and records each body's size. */
function echoSubgraph(failAt?: string) {
  const bodies: number[] = [];
  const source: GraphQLDataSource = {
    async process({ request }) {
      bodies.push(Buffer.byteLength(JSON.stringify({ query: request.query, variables: request.variables })));
      const reps = request.variables!.representations as { id: string }[];
      const errors = reps.flatMap((r, i) => (r.id === failAt ? [{ message: 'boom', path: ['_entities', i, 'name'] }] : []));
      return { data: { _entities: reps.map((r) => ({ id: r.id })) }, ...(errors.length ? { errors } : {}) };
    },
  };
  return { source, bodies };
}

const entitiesRequest = (n: number) =>
  ({
    request: {
      query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Coop{name}}}',
      variables: { representations: Array.from({ length: n }, (_, i) => ({ __typename: 'Coop', id: `coop-${i}`, asOf: 1 })) },
    },
    context: {},
  }) as unknown as Options;

describe('splitByBytes', () => {
  it('keeps order, fills each slice up to the budget, and lets an oversized item go alone', () => {
    expect(splitByBytes(['aa', 'bb', 'cc'], 12)).toEqual([['aa', 'bb'], ['cc']]);
    expect(splitByBytes(['x'.repeat(50), 'y'], 10)).toEqual([['x'.repeat(50)], ['y']]);
  });
});

describe('guardSubgraph', () => {
  it('splits an _entities batch so every body fits, and answers as one batch in order, error paths shifted', async () => {
    const { source, bodies } = echoSubgraph('coop-1500');
    const guarded = guardSubgraph('coop', source, 16_384);
    const answer = await guarded.process(entitiesRequest(2_000));
    expect(bodies.length).toBeGreaterThan(1);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(16_384);
    expect((answer.data!._entities as { id: string }[]).map((e) => e.id)).toEqual(Array.from({ length: 2_000 }, (_, i) => `coop-${i}`));
    expect(answer.errors).toEqual([{ message: 'boom', path: ['_entities', 1500, 'name'] }]);
  });

  it('passes a batch that fits through as one request', async () => {
    const { source, bodies } = echoSubgraph();
    await guardSubgraph('coop', source, 262_144).process(entitiesRequest(10));
    expect(bodies).toHaveLength(1);
  });

  it('makes no call past the operation deadline, and ends one still running at it', async () => {
    const { source, bodies } = echoSubgraph();
    const late = { ...entitiesRequest(1), context: { instant: 1, deadline: Date.now() - 1 } } as Options;
    await expect(guardSubgraph('coop', source, 262_144, 500).process(late)).rejects.toMatchObject({ extensions: { code: 'GATEWAY_TIMEOUT' } });
    expect(bodies).toHaveLength(0);
    const hanging: GraphQLDataSource = { process: () => new Promise(() => undefined) };
    const now = { ...entitiesRequest(1), context: { instant: 1, deadline: Date.now() + 50 } } as Options;
    await expect(guardSubgraph('coop', hanging, 262_144, 50).process(now)).rejects.toMatchObject({
      message: 'the operation exceeded the time limit of 50 ms',
    });
  });

  it('tells a failure by subgraph and status, never by URL', async () => {
    const failing: GraphQLDataSource = {
      async process() {
        throw Object.assign(new Error('request to http://10.0.0.7:4000/coop/graph failed'), {
          extensions: { response: { url: 'http://10.0.0.7:4000/coop/graph', status: 413 } },
        });
      },
    };
    const error = await guardSubgraph('coop', failing, 262_144).process(entitiesRequest(1)).catch((e: Error) => e);
    expect(error).toMatchObject({ message: 'subgraph coop answered HTTP 413', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'coop' } });
    expect(JSON.stringify(error)).not.toContain('10.0.0.7');
  });
});
