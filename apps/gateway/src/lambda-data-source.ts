/**
 * The gateway's subgraph transport in AWS: each subgraph request is a direct Lambda invoke of the
 * entity function, with an API Gateway v2 event that carries the gateway marker
 * (`requestContext.authorizer.lambda.egg_caller`, @egg/shared-contract). API Gateway sets authorizer context only through
 * an authorizer and our public routes have none, so only this path can carry the marker; only the
 * gateway's role may invoke the entity functions (infra/).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { httpApiEvent, type HttpApiEvent } from '@egg/shared-contract';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InstantDataSource } from './data-source.ts';

/** Sends one event to a function and returns what its handler returned. */
export type Invoke = (functionName: string, event: unknown) => Promise<unknown>;

type Fetcher = InstantDataSource['fetcher'];
type FetchInit = Parameters<Fetcher>[1];

/** The event API Gateway would build for this request, plus the marker no client can set. */
export function subgraphEvent(url: string, init: FetchInit): HttpApiEvent {
  const body = init?.body;
  return httpApiEvent({
    method: init?.method ?? 'POST',
    path: new URL(url).pathname,
    headers: Object.fromEntries(Object.entries(init?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: typeof body === 'string' ? body : body?.toString('utf8'),
    fromGateway: true,
  });
}

/** A fetch that answers from a Lambda invoke, so Apollo's data source (headers, errors, parsing) stays as is. */
export function lambdaFetcher(invoke: Invoke, functionName: string): Fetcher {
  return async (url, init) => {
    const result = (await invoke(functionName, subgraphEvent(url, init))) as APIGatewayProxyStructuredResultV2;
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    return new Response(body, { status: result.statusCode ?? 200, headers });
  };
}

/** Invokes through the AWS SDK the Lambda runtime ships (kept out of the bundle; loaded on first use only). */
export function awsInvoke(): Invoke {
  let sdk: Promise<typeof import('@aws-sdk/client-lambda')> | undefined;
  let lambda: LambdaClient | undefined;
  return async (functionName, event) => {
    const { LambdaClient, InvokeCommand } = await (sdk ??= import('@aws-sdk/client-lambda'));
    lambda ??= new LambdaClient({});
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }));
    // A handler that threw: its error stays in the subgraph's logs; the gateway reports a failed subgraph.
    if (out.FunctionError) throw new Error(`subgraph function failed (${out.FunctionError})`);
    return JSON.parse(out.Payload ? Buffer.from(out.Payload).toString('utf8') : 'null');
  };
}

/**
 * The data source for one subgraph reached by invoke. The URL is never dialled: it only gives
 * the path the entity function routes on (`/<subgraph>/graph`).
 */
export function lambdaDataSource(subgraph: string, functionName: string, invoke: Invoke): InstantDataSource {
  return new InstantDataSource({
    url: `https://${subgraph.replaceAll('_', '-')}.subgraph.invalid/${subgraph}/graph`,
    fetcher: lambdaFetcher(invoke, functionName),
  });
}
