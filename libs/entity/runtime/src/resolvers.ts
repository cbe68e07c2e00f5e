/**
 * Resolvers of one entity's subgraph. Every object carries `asOf`, the instant it was read
 * at; every join reads at its parent's `asOf` (docs/contract.md §5), through the per-request loaders.
 */
import type { GraphLimits } from '@egg/shared-graph-limits';
import { NotFoundError, type Envelope, type Repository } from '@egg/storage-core';
import { GraphQLError } from 'graphql';
import { GRAPHQL_INT, namesOf, type EntityDeclaration } from './declaration.ts';
import type { Loaders } from './loaders.ts';

export interface SubgraphContext {
  loaders: Loaders;
  /** The operation instant: used by root fields called without `at`. */
  instant: number;
  requestId: string;
  /** The request came from the gateway (the transport's marker): `_entities` and `_service` answer it. */
  fromGateway: boolean;
  /** The caller's read filter (access.ts); none when auth is off. */
  where?: (row: Envelope) => boolean;
}

export type EntityObject = Record<string, unknown> & { id: string; asOf: number; created_at: number };

interface Reference {
  id: string;
  asOf: number;
}

export const toObject = (row: Envelope, instant: number): EntityObject => ({
  ...row.payload,
  id: row.id,
  created_at: row.created_at,
  asOf: instant,
});

type Resolver = (parent: EntityObject, args: Record<string, unknown>, context: SubgraphContext) => unknown;

export type ResolverMap = Record<string, Record<string, unknown>>;

/** An `after` naming no stored entity is the client's mistake: a field error that says so. */
const unknownAfter = async <T>(entity: string, read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new GraphQLError(`after: no ${entity} with id ${error.id}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
};

/** An integer field's value, or a field error when it is beyond GraphQL `Int` (older data). */
const representableInt =
  (field: string): Resolver =>
  (parent) => {
    const value = parent[field];
    if (value === undefined || value === null) return null;
    if (Number.isInteger(value) && (value as number) >= GRAPHQL_INT.minimum && (value as number) <= GRAPHQL_INT.maximum) return value;
    throw new GraphQLError(`${field} holds ${String(value)}, which a GraphQL Int cannot represent`, {
      extensions: { code: 'UNREPRESENTABLE_VALUE' },
    });
  };

export function createResolvers(decl: EntityDeclaration, repository: Repository, limits: GraphLimits): ResolverMap {
  const names = namesOf(decl);
  const instantOf = (at: unknown, context: SubgraphContext): number => (typeof at === 'number' ? at : context.instant);
  // The operation was checked against the limits before it ran (operationProblem): `limit` is in its domain here.
  const limitOf = (limit: unknown): number => (typeof limit === 'number' ? limit : limits.listDefault);
  const joinLimitOf = (limit: unknown): number => (typeof limit === 'number' ? limit : limits.joinDefault);
  const afterOf = (after: unknown): string | undefined => (typeof after === 'string' ? after : undefined);

  const listJoin =
    (by: string): Resolver =>
    async (parent, args, { loaders }) =>
      (await loaders.byField.load({ field: by, value: parent.id, instant: parent.asOf, limit: joinLimitOf(args.limit) })).map((row) =>
        toObject(row, parent.asOf),
      );

  // The one target this entity's id in the parent's `by` names, read at the parent's instant.
  const oneJoin =
    (by: string): Resolver =>
    async (parent, _args, { loaders }) => {
      const id = parent[by];
      if (typeof id !== 'string') return null;
      const row = await loaders.byId.load({ id, instant: parent.asOf });
      return row && toObject(row, parent.asOf);
    };

  const query: Record<string, Resolver> = {
    [names.single]: async (_, { id, at }, context) => {
      const instant = instantOf(at, context);
      const row = await context.loaders.byId.load({ id: id as string, instant });
      return row && toObject(row, instant);
    },
    [names.plural]: async (_, { at, limit, after }, context) => {
      const instant = instantOf(at, context);
      const rows = await unknownAfter(decl.name, () => repository.list({ at: instant, limit: limitOf(limit), after: afterOf(after), where: context.where }));
      return rows.map((row) => toObject(row, instant));
    },
  };
  for (const field of decl.lookups) {
    query[names.byField(field)] = async (_, args, context) => {
      const instant = instantOf(args.at, context);
      const key = { field, value: args[field] as string, instant, limit: limitOf(args.limit), after: afterOf(args.after) };
      const rows = await unknownAfter(decl.name, () => context.loaders.byField.load(key));
      return rows.map((row) => toObject(row, instant));
    };
  }

  const own: Record<string, unknown> = {
    ...Object.fromEntries(
      Object.entries(decl.schema.properties).flatMap(([field, p]) => (p.type === 'integer' ? [[field, representableInt(field)]] : [])),
    ),
    __resolveReference: async (ref: Reference, context: SubgraphContext) => {
      const row = await context.loaders.byId.load({ id: ref.id, instant: ref.asOf });
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
