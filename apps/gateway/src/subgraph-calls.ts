/**
 * What the gateway does around every subgraph call, whatever carries it (HTTP locally, a
 * direct invoke in AWS): `_entities` batches split so no request body exceeds what the subgraph
 * accepts, however long the parent list; no call past the operation's deadline (an operation the
 * client got a 504 for stops asking subgraphs and ends, instead of holding its instance); and
 * failures told to clients without internal URLs.
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

const pastDeadline = (timeoutMs: number): GraphQLError =>
  new GraphQLError(`the operation exceeded the time limit of ${timeoutMs} ms`, { extensions: { code: 'GATEWAY_TIMEOUT' } });

/** `timeoutMs` names the limit in the error; the deadline itself comes with each operation. */
export function guardSubgraph(subgraph: string, inner: GraphQLDataSource, maxBodyBytes: number, timeoutMs = 0): GraphQLDataSource {
  const call = async (options: Options): Promise<Response> => {
    // The operation's context carries its deadline (handler.ts); Apollo's own calls have none.
    const deadlineAt = (options.context as { deadline?: unknown }).deadline;
    const left = typeof deadlineAt === 'number' ? deadlineAt - Date.now() : Infinity;
    if (left <= 0) throw pastDeadline(timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      if (Number.isFinite(left)) timer = setTimeout(() => reject(pastDeadline(timeoutMs)), left);
    });
    try {
      return await Promise.race([inner.process(options), deadline]);
    } catch (error) {
      throw error instanceof GraphQLError && error.extensions.code === 'GATEWAY_TIMEOUT' ? error : maskedFailure(subgraph, error);
    } finally {
      clearTimeout(timer);
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
