/**
 * Per-route throttling of an entity's writes. Each write is an fsync on EFS or a produce to Kafka,
 * so writes get a tighter limit than the stage's default (which reads share). A stage's route
 * settings may only name routes that exist (API Gateway answers "Unable to find Route by key"),
 * and the stage is the shared stack's, deployed before any entity's routes: so each entity stack
 * sets its own write routes' settings on the stage once they exist, one custom resource per route
 * (UpdateStage sets the settings of the routes it names and keeps the others'; DeleteRouteSettings
 * takes one route's out when its stack goes).
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { suppress } from './nag.ts';
import type { WriteRoute } from './routes.ts';

/** The stage every route is served on (shared-stack.ts). */
const STAGE = '$default';
/** The id CDK gives the one function behind every AwsCustomResource of a stack. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

export interface WriteLimit {
  /** Steady-state requests per second. */
  rate: number;
  burst: number;
}

export function throttleWrites(scope: Construct, apiId: string, routes: readonly WriteRoute[], limit: WriteLimit): void {
  const stack = Stack.of(scope);
  const stageArn = `arn:${stack.partition}:apigateway:${stack.region}::/apis/${apiId}/stages/${STAGE}`;
  routes.forEach(({ route, key: routeKey }, i) => {
    const settings = new AwsCustomResource(scope, `WriteThrottle${i}`, {
      resourceType: 'Custom::RouteThrottle',
      onUpdate: {
        service: 'ApiGatewayV2',
        action: 'UpdateStage',
        parameters: { ApiId: apiId, StageName: STAGE, RouteSettings: { [routeKey]: { ThrottlingRateLimit: limit.rate, ThrottlingBurstLimit: limit.burst } } },
        physicalResourceId: PhysicalResourceId.of(`${apiId} ${routeKey}`),
      },
      onDelete: {
        service: 'ApiGatewayV2',
        action: 'DeleteRouteSettings',
        parameters: { ApiId: apiId, StageName: STAGE, RouteKey: routeKey },
        // Gone with its route, or never set: nothing to take back.
        ignoreErrorCodesMatching: 'NotFoundException',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['apigateway:PATCH', 'apigateway:DELETE'], resources: [stageArn, `${stageArn}/routesettings/*`] }),
      ]),
      installLatestAwsSdk: false,
    });
    suppress(
      settings.node.findChild('CustomResourcePolicy'),
      `IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apis/${JSON.stringify(stack.resolve(apiId))}/stages/${STAGE}/routesettings/*]`,
      'the route settings of this one stage: a route key (spaces, braces) has no documented form inside an ARN',
    );
    settings.node.addDependency(route);
  });
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (provider) {
    suppress(provider, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', "CDK's AwsCustomResource function: AWSLambdaBasicExecutionRole, its CloudWatch Logs permissions only");
  }
}
