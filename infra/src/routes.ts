/**
 * Routes on the shared HTTP API, created in the calling stack on the API it read: deploying that
 * stack alone changes them (`httpApi.addRoutes()` would put them in the API's stack). A route
 * that needs a token uses the shared stack's JWT authorizer by its id: a construct reference
 * (`HttpJwtAuthorizer`) would bind the authorizer into the route's stack and make the stacks
 * cyclic (aws-cdk#18742).
 */
import { HttpMethod, HttpRoute, HttpRouteKey, type IHttpApi, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { OPEN_STAGE, PUBLIC_BY_CONTRACT, suppress } from './nag.ts';

export const READ = 'egg:read';
export const WRITE = 'egg:write';

/** One route: a method on a path, and the scope a token needs (none: answered without a token). */
export interface RouteSpec {
  method: HttpMethod;
  path: string;
  scope?: typeof READ | typeof WRITE;
}

/** The id of the shared stack's JWT authorizer (a shared value), or none on a stage that said `auth: 'none'`. */
export type RouteAuth = { authorizerId: string } | undefined;

const jwtAuthorizer = (authorizerId: string, scope: string): IHttpRouteAuthorizer => ({
  bind: () => ({ authorizationType: 'JWT', authorizerId, authorizationScopes: [scope] }),
});

/**
 * Reads go through `ANY` (so a method the function does not serve still gets its 405), writes
 * have a route each with the write scope (API Gateway prefers a method's own route to `ANY`),
 * and browsers' CORS preflights carry no token.
 */
export const guarded = (path: string, writes: HttpMethod[]): RouteSpec[] => [
  { method: HttpMethod.ANY, path, scope: READ },
  ...writes.map((method) => ({ method, path, scope: WRITE as typeof WRITE })),
  { method: HttpMethod.OPTIONS, path },
];

/** A route that writes, and its key (`POST /farm/api`). */
export interface WriteRoute {
  route: HttpRoute;
  key: string;
}

/** Adds the routes; returns the write routes (the write scope's), which entity stacks throttle on their own. */
export function addRoutes(scope: Construct, httpApi: IHttpApi, routes: readonly RouteSpec[], fn: IFunction, auth: RouteAuth): WriteRoute[] {
  const integration = new HttpLambdaIntegration('Integration', fn);
  return routes.flatMap((spec, i) => {
    const authorizer = auth && spec.scope ? jwtAuthorizer(auth.authorizerId, spec.scope) : undefined;
    const routeKey = HttpRouteKey.with(spec.path, spec.method);
    const route = new HttpRoute(scope, `Route${i}`, { httpApi, routeKey, integration, authorizer });
    if (!authorizer) suppress(route, 'APIG4', auth ? PUBLIC_BY_CONTRACT : OPEN_STAGE);
    return spec.scope === WRITE ? [{ route, key: routeKey.key }] : [];
  });
}
