import supergraphSdl from 'egg:supergraph';
import { loadGatewayConfig } from './config.ts';
import { createGatewayHandler } from './handler.ts';
import { subgraphNames } from './server.ts';

export const handler = createGatewayHandler(supergraphSdl, loadGatewayConfig(subgraphNames(supergraphSdl)));
