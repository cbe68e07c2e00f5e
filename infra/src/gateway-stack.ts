/**
 * The gateway function and its `/graphql` route. It reaches the subgraphs by invoking the entity
 * functions directly (SUBGRAPH_TRANSPORT=lambda), by their fixed names (names.ts): its targets and
 * its invoke grant are settled at synth, and its stack depends on no entity stack, so one entity
 * is deployed or destroyed alone.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { authEnvironment, type StageConfig } from './config.ts';
import { EggFunction } from './egg-function.ts';
import { GATEWAY, type Deployable } from '@egg/shared-catalog';
import { functionArn, functionName } from './names.ts';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { addRoutes, READ, type RouteSpec } from './routes.ts';
import type { SharedStack } from './shared-stack.ts';

/** `POST /graphql` needs `egg:read` (operations only read); the explorer's page (`GET`), preflights and the probes under it do not. */
export const GATEWAY_ROUTES: RouteSpec[] = [
  { method: HttpMethod.ANY, path: '/graphql', scope: READ },
  { method: HttpMethod.GET, path: '/graphql' },
  { method: HttpMethod.HEAD, path: '/graphql' },
  { method: HttpMethod.OPTIONS, path: '/graphql' },
  { method: HttpMethod.ANY, path: '/graphql/{proxy+}' },
];

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
      reservedConcurrency: config.reservedConcurrency.gateway,
      environment: {
        APOLLO_TELEMETRY_DISABLED: 'true',
        SUBGRAPH_TRANSPORT: 'lambda',
        ...authEnvironment(config),
        ...Object.fromEntries(entities.map((e) => [`SUBGRAPH_FUNCTION_${e.constant}`, functionName(config, e)])),
      },
    });
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: entities.map((e) => functionArn(this, config, e)) }),
    );

    // `/graphql` and what the gateway serves under it (its probes, the explorer).
    addRoutes(this, shared.httpApi, GATEWAY_ROUTES, this.function.fn, shared.routeAuth);
  }
}
