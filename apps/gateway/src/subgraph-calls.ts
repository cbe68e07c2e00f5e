/**
 * What the gateway does around every subgraph call, whatever carries it (HTTP locally, a
 * direct invoke in AWS): `_entities` batches split so no request body exceeds what the subgraph
 * accepts, however long the parent list, and failures told to clients without internal URLs.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>;
type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Room left for what the transport wraps around the JSON body (the request's other fields are counted). */
const BODY_MARGIN_BYTES = 1_024;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Consecutive slices of `items` whose JSON fits `budget` bytes each (an item larger than that goes alone). */
export function splitByBytes<T>(items: readonly T[], budget: number): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let size = 2; // []
  for (const item of items) {
    const itemBytes = bytes(item) + 1; // and its comma
    if (chunk.length > 0 && size + itemBytes > budget) {
      chunks.push(chunk);
      chunk = [];
      size = 2;
    }
    chunk.push(item);
    size += itemBytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** A subgraph failure as clients see it: which subgraph, and its status when it answered, never where it lives. */
function maskedFailure(subgraph: string, error: unknown): GraphQLError {
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  const what = status === undefined ? 'could not be reached' : `answered HTTP ${status}`;
  return new GraphQLError(`subgraph ${subgraph} ${what}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph } });
}

/** Shifts `_entities.<i>` error paths of one slice to their place in the whole batch. */
const shifted = (error: GraphQLFormattedError, offset: number): GraphQLFormattedError =>
  error.path?.[0] === '_entities' && typeof error.path[1] === 'number'
    ? { ...error, path: ['_entities', error.path[1] + offset, ...error.path.slice(2)] }
    : error;

export function guardSubgraph(subgraph: string, inner: GraphQLDataSource, maxBodyBytes: number): GraphQLDataSource {
  const call = async (options: Options): Promise<Response> => {
    try {
      return await inner.process(options);
    } catch (error) {
      throw maskedFailure(subgraph, error);
    }
  };

  return {
    async process(options: Options): Promise<Response> {
      const { request } = options;
      const representations = request.variables?.representations;
      if (!Array.isArray(representations)) return call(options);
      const { query, operationName, extensions } = request;
      const rest = bytes({ query, operationName, extensions, variables: { ...request.variables, representations: [] } });
      const chunks = splitByBytes(representations, maxBodyBytes - BODY_MARGIN_BYTES - rest);
      if (chunks.length <= 1) return call(options);
      const answers = await Promise.all(
        chunks.map((chunk) =>
          call({ ...options, request: { ...request, variables: { ...request.variables, representations: chunk } } } as Options),
        ),
      );
      const entities: unknown[] = [];
      const errors: GraphQLFormattedError[] = [];
      answers.forEach((answer, i) => {
        const offset = entities.length;
        const part = (answer.data?._entities as unknown[] | undefined) ?? chunks[i].map(() => null);
        entities.push(...part);
        errors.push(...(answer.errors ?? []).map((error) => shifted(error, offset)));
      });
      return { data: { _entities: entities }, ...(errors.length > 0 ? { errors } : {}) };
    },
  };
}
