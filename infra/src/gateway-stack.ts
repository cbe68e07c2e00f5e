/**
 * The gateway function and its `/graphql` route. It reaches the subgraphs by invoking the entity
 * functions directly (SUBGRAPH_TRANSPORT=lambda), by their fixed names (names.ts): its targets and
 * its invoke grant are settled at synth, and its stack depends on no entity stack, so one entity
 * is deployed or destroyed alone.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import { EggFunction } from './egg-function.ts';
import { GATEWAY, type Deployable } from './functions.ts';
import { functionArn, functionName } from './names.ts';
import { addPublicRoutes } from './routes.ts';
import type { SharedStack } from './shared-stack.ts';

export const GATEWAY_ROUTES = ['/graphql', '/graphql/{proxy+}'];

export interface GatewayStackProps extends StackProps {
  config: StageConfig;
  entities: Deployable[];
  shared: SharedStack;
  bundleDir: string;
}

export class GatewayStack extends Stack {
  readonly function: EggFunction;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    const { config, entities } = props;
    const shared = props.shared.valuesFor(this);
    this.function = new EggFunction(this, 'Gateway', {
      config,
      deployable: GATEWAY,
      bundleDir: props.bundleDir,
      size: config.gatewayFunction,
      environment: {
        APOLLO_TELEMETRY_DISABLED: 'true',
        SUBGRAPH_TRANSPORT: 'lambda',
        ...Object.fromEntries(entities.map((e) => [`SUBGRAPH_FUNCTION_${e.name.toUpperCase()}`, functionName(config, e)])),
      },
    });
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: entities.map((e) => functionArn(this, config, e)) }),
    );

    // `/graphql` and what the gateway serves under it (its probes, the explorer).
    addPublicRoutes(this, shared.httpApi, GATEWAY_ROUTES, this.function.fn);
  }
}
