/**
 * Resolvers of one entity's subgraph. Every object carries `asOf`, the instant it was read
 * at; every join reads at its parent's `asOf` (docs/contract.md §5), through the per-request loaders.
 */
import type { Envelope, Repository } from '@egg/storage-core';
import { namesOf, type EntityDeclaration } from './declaration.ts';
import type { Loaders } from './loaders.ts';

export interface SubgraphContext {
  loaders: Loaders;
  /** The operation instant: used by root fields called without `at`. */
  instant: number;
  requestId: string;
}

export type EntityObject = Record<string, unknown> & { id: string; asOf: number; created_at: number };

interface Reference {
  id: string;
  asOf: number;
}

export const toObject = (row: Envelope, asOf: number): EntityObject => ({
  ...row.payload,
  id: row.id,
  created_at: row.created_at,
  asOf,
});

type Resolver = (parent: EntityObject, args: Record<string, unknown>, context: SubgraphContext) => unknown;

export type ResolverMap = Record<string, Record<string, unknown>>;

export function createResolvers(decl: EntityDeclaration, repository: Repository): ResolverMap {
  const names = namesOf(decl);
  const instantOf = (at: unknown, context: SubgraphContext): number => (typeof at === 'number' ? at : context.instant);

  const listJoin =
    (by: string): Resolver =>
    async (parent, _args, { loaders }) =>
      (await loaders.byField.load({ field: by, value: parent.id, asOf: parent.asOf })).map((row) => toObject(row, parent.asOf));

  // The one target this entity's id in the parent's `by` names, read at the parent's instant.
  const oneJoin =
    (by: string): Resolver =>
    async (parent, _args, { loaders }) => {
      const id = parent[by];
      if (typeof id !== 'string') return null;
      const row = await loaders.byId.load({ id, asOf: parent.asOf });
      return row && toObject(row, parent.asOf);
    };

  const query: Record<string, Resolver> = {
    [names.single]: async (_, { id, at }, context) => {
      const asOf = instantOf(at, context);
      const row = await context.loaders.byId.load({ id: id as string, asOf });
      return row && toObject(row, asOf);
    },
    [names.plural]: async (_, { at, limit }, context) => {
      const asOf = instantOf(at, context);
      const rows = await repository.list({ at: asOf, limit: typeof limit === 'number' ? Math.max(0, limit) : undefined });
      return rows.map((row) => toObject(row, asOf));
    },
  };
  for (const field of decl.lookups) {
    query[names.byField(field)] = async (_, args, context) => {
      const asOf = instantOf(args.at, context);
      const rows = await context.loaders.byField.load({ field, value: args[field] as string, asOf });
      return rows.map((row) => toObject(row, asOf));
    };
  }

  const own: Record<string, unknown> = {
    __resolveReference: async (ref: Reference, context: SubgraphContext) => {
      const row = await context.loaders.byId.load({ id: ref.id, asOf: ref.asOf });
      return row && toObject(row, ref.asOf);
    },
  };
  const resolvers: ResolverMap = { Query: query, [decl.typeName]: own };
  for (const join of decl.joins) {
    const resolve = join.kind === 'one' ? oneJoin(join.by) : listJoin(join.by);
    // A parent of another subgraph arrives as its representation (id, asOf and any required key), which is all we read.
    resolvers[join.parent] = { ...resolvers[join.parent], [join.field]: resolve };
  }
  return resolvers;
}
