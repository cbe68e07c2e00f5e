/**
 * Names the stacks share without referencing each other. An entity stack writes its function's
 * ARN to an SSM parameter; the gateway stack reads it when it deploys. No CloudFormation export
 * ties them, so an entity stack can be replaced or removed without touching the gateway's.
 */
import type { StageConfig } from './config.ts';
import type { Deployable } from './functions.ts';

export const subgraphFunctionParameter = (config: StageConfig, entity: Deployable): string =>
  `/egg/${config.stage}/subgraph-function/${entity.name}`;

export const stackName = (config: StageConfig, id: string): string => `egg-${config.stage}-${id.replace(/-function$/, '')}`;
