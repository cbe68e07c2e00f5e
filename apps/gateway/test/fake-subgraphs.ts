/** Two tiny federation subgraphs over real HTTP, recording the instant header of each request. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createRequire } from 'node:module';
import { INSTANT_HEADER } from '@egg/shared-contract';
import { parse } from 'graphql';

// @apollo/subgraph builds its schema with graphql's CJS build; execute with the same copy.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const farmSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Farm @key(fields: "id") { id: ID! name: String! }
  type Query { farm(id: ID!): Farm }
`;
const coopSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Farm @key(fields: "id") { id: ID! coops: [Coop!]! }
  type Coop @key(fields: "id") { id: ID! name: String! }
`;

export interface FakeSubgraphs {
  supergraphSdl: string;
  urls: Record<string, string>;
  instants: string[];
  close(): Promise<void>;
}

export async function startFakeSubgraphs(): Promise<FakeSubgraphs> {
  const farmSchema = buildSubgraphSchema({
    typeDefs: parse(farmSdl),
    resolvers: { Query: { farm: (_: unknown, { id }: { id: string }) => ({ id, name: `farm ${id}` }) } },
  });
  const coopSchema = buildSubgraphSchema({
    typeDefs: parse(coopSdl),
    resolvers: { Farm: { coops: ({ id }: { id: string }) => [{ id: `${id}-c1`, name: 'c1' }] } },
  });
  const composed = composeServices([
    { name: 'farm', typeDefs: parse(farmSdl), url: 'http://unused' },
    { name: 'coop', typeDefs: parse(coopSdl), url: 'http://unused' },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const instants: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      instants.push(String(req.headers[INSTANT_HEADER]));
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const schema = req.url === '/farm/graph' ? farmSchema : coopSchema;
      const result = await graphql({ schema, source: query, variableValues: variables });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    supergraphSdl: composed.supergraphSdl,
    urls: { farm: `${base}/farm/graph`, coop: `${base}/coop/graph` },
    instants,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
