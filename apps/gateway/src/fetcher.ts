/**
 * The HTTP fetch behind every subgraph request: aborted past the operation's time limit, and
 * refused once the response grows past the answer's size limit, so one subgraph can neither
 * hold the gateway nor fill its memory.
 */
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export class SubgraphResponseTooLarge extends Error {}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new SubgraphResponseTooLarge(`subgraph response exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function boundedFetcher(maxResponseBytes: number, timeoutMs: number): Fetcher {
  return (async (url: string, init: RequestInit) => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = response.body ? await readCapped(response.body, maxResponseBytes) : Buffer.alloc(0);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as unknown as Fetcher;
}
