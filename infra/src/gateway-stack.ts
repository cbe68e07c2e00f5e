/**
 * The gateway function and its `/graphql` route. It reaches the subgraphs by invoking the entity
 * functions directly (SUBGRAPH_TRANSPORT=lambda), found through the SSM parameters the entity
 * stacks write: no export locks an entity stack to this one.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { authEnvironment, type StageConfig } from './config.ts';
import { EggFunction } from './egg-function.ts';
import { GATEWAY, type Deployable } from './functions.ts';
import { subgraphFunctionParameter } from './names.ts';
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
    const { config, entities, shared } = props;
    // Resolved by CloudFormation when this stack deploys: a new entity function needs a gateway deploy, a new version does not.
    const subgraphArns = entities.map((e) => [e, StringParameter.valueForStringParameter(this, subgraphFunctionParameter(config, e))] as const);
    this.function = new EggFunction(this, 'Gateway', {
      config,
      deployable: GATEWAY,
      bundleDir: props.bundleDir,
      size: config.gatewayFunction,
      environment: {
        APOLLO_TELEMETRY_DISABLED: 'true',
        SUBGRAPH_TRANSPORT: 'lambda',
        ...authEnvironment(config),
        ...Object.fromEntries(subgraphArns.map(([e, arn]) => [`SUBGRAPH_FUNCTION_${e.name.toUpperCase()}`, arn])),
      },
    });
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: subgraphArns.map(([, arn]) => arn) }),
    );

    // `/graphql` and what the gateway serves under it (its probes, the explorer).
    addRoutes(this, shared.httpApi.apiId, GATEWAY_ROUTES, this.function.fn, shared.routeAuth);
  }
}
