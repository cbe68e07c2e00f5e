/**
 * Routes on the shared HTTP API, created in the calling stack on the API it read: deploying that
 * stack alone changes them (`httpApi.addRoutes()` would put them in the API's stack).
 */
import { HttpMethod, HttpRoute, HttpRouteKey, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PUBLIC_ROUTE, suppress } from './nag.ts';

export function addPublicRoutes(scope: Construct, httpApi: IHttpApi, paths: readonly string[], fn: IFunction): void {  const integration = new HttpLambdaIntegration('Integration', fn);
  paths.forEach((path, i) => {
    const route = new HttpRoute(scope, `Route${i}`, { httpApi, routeKey: HttpRouteKey.with(path, HttpMethod.ANY), integration });
    suppress(route, 'APIG4', PUBLIC_ROUTE);
  });
}
