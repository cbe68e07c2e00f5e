/**
 * The GraphQL limits every graph enforces, the gateway and each subgraph alike (docs/contract.md §4),
 * read from the environment once at start-up. One set of variables configures all of them,
 * so a subgraph never refuses what the gateway let through.
 */

export interface GraphLimits {
  /** Nesting of fields, fragments flattened (`{ farms { id } }` is 2). */
  maxDepth: number;
  /** Objects a query may resolve, each list counted by its `limit` (or the default); see cost.ts. */
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexer tokens of a document. */
  maxTokens: number;
  /** `limit` of a root list when none is given. */
  listDefault: number;
  /** The largest `limit` a root list accepts. */
  listMax: number;
  /** `limit` of a list join (`Farm.coops`, …) when none is given: items per parent. */
  joinDefault: number;
  /** The largest `limit` a list join accepts; the rest are paged by its `xsByF` field. */
  joinMax: number;
}

/** Every limit's variable and default, in one table (documented in docs/contract.md). */
export const GRAPH_LIMIT_VARIABLES: Record<keyof GraphLimits, { env: string; fallback: number }> = {
  maxDepth: { env: 'GRAPH_MAX_DEPTH', fallback: 12 },
  maxCost: { env: 'GRAPH_MAX_COST', fallback: 50_000 },
  maxAliases: { env: 'GRAPH_MAX_ALIASES', fallback: 30 },
  maxDirectives: { env: 'GRAPH_MAX_DIRECTIVES', fallback: 20 },
  maxTokens: { env: 'GRAPH_MAX_TOKENS', fallback: 2_000 },
  listDefault: { env: 'GRAPH_LIST_DEFAULT', fallback: 100 },
  listMax: { env: 'GRAPH_LIST_MAX', fallback: 1_000 },
  joinDefault: { env: 'GRAPH_JOIN_DEFAULT', fallback: 20 },
  joinMax: { env: 'GRAPH_JOIN_MAX', fallback: 100 },
};

export class GraphLimitsError extends Error {}

export function loadGraphLimits(env: Record<string, string | undefined> = process.env): GraphLimits {
  const limits = {} as GraphLimits;
  for (const [key, { env: name, fallback }] of Object.entries(GRAPH_LIMIT_VARIABLES)) {
    const raw = env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new GraphLimitsError(`${name} must be a positive integer, got "${raw}"`);
    limits[key as keyof GraphLimits] = n;
  }
  for (const [low, high] of [['listDefault', 'listMax'], ['joinDefault', 'joinMax']] as const) {
    if (limits[low] > limits[high]) {
      const name = (key: keyof GraphLimits) => GRAPH_LIMIT_VARIABLES[key].env;
      throw new GraphLimitsError(`${name(low)} (${limits[low]}) must not exceed ${name(high)} (${limits[high]})`);
    }
  }
  return limits;
}
