import supergraphSdl from '../../../dist/supergraph/supergraph.graphql';
import { loadGatewayConfig } from './config.ts';
import { createGatewayHandler } from './handler.ts';
import { subgraphNames } from './server.ts';

export const handler = createGatewayHandler(supergraphSdl, loadGatewayConfig(subgraphNames(supergraphSdl)));
