import { describe, expect, it } from 'vitest';
import { loadGraphLimits } from './config.ts';

describe('loadGraphLimits', () => {
  it('has documented defaults and takes each from its variable', () => {
    expect(loadGraphLimits({})).toEqual({
      maxDepth: 12, maxCost: 50_000, maxAliases: 30, maxDirectives: 20, maxTokens: 2_000, listDefault: 100, listMax: 1_000, joinDefault: 20, joinMax: 100,
    });
    expect(loadGraphLimits({ GRAPH_LIST_MAX: '20', GRAPH_LIST_DEFAULT: '5' })).toMatchObject({ listMax: 20, listDefault: 5 });
  });

  it('names a bad variable', () => {
    expect(() => loadGraphLimits({ GRAPH_MAX_COST: '0' })).toThrow(/GRAPH_MAX_COST must be a positive integer/);
    expect(() => loadGraphLimits({ GRAPH_JOIN_MAX: 'lots' })).toThrow(/GRAPH_JOIN_MAX/);
    expect(() => loadGraphLimits({ GRAPH_LIST_DEFAULT: '2000' })).toThrow(/must not exceed GRAPH_LIST_MAX/);
  });
});
