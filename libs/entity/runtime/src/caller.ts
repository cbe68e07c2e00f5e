/**
 * Who is calling an entity function (docs/contract.md §10), decided at its edge before anything
 * reads storage. Three ways in, each trusted for what vouches for it:
 * - the gateway's subgraph calls (the transport's marker, `HttpRequest.fromGateway`): the caller
 *   the gateway verified, in its caller header; the same header from anyone else is ignored;
 * - API Gateway's JWT authorizer: the claims it verified (`requestContext.authorizer.jwt`);
 * - anything else (the local stack, a direct invoke): the bearer token, verified here.
 */
import {
  authorizerJwt,
  bearerRefusal,
  CALLER_HEADER,
  createAuthenticator,
  decodeCaller,
  READ_SCOPE,
  scopeFor,
  type AuthConfig,
  type Caller,
  type Refusal,
} from '@egg/shared-auth';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResponse, type HttpRequest, type HttpResponse } from './http.ts';

export type ResolveCaller = (event: APIGatewayProxyEventV2, request: HttpRequest) => Promise<Caller | HttpResponse>;

/** The subgraph answers queries only: reading is all a GraphQL request to it can do. */
const scopeOf = (request: HttpRequest, name: string): string => (request.path === `/${name}/graph` ? READ_SCOPE : scopeFor(request.method));

const refusalResponse = (refusal: Refusal): HttpResponse => errorResponse(refusal.status, refusal.error, undefined, refusal.headers);

export function createCallerResolver(config: AuthConfig, entity: string): ResolveCaller {
  const authenticate = createAuthenticator(config);
  return async (event, request) => {
    const scope = scopeOf(request, entity);
    if (request.fromGateway) {
      const caller = decodeCaller(request.headers[CALLER_HEADER]);
      if (!caller) return refusalResponse(bearerRefusal(401, 'invalid_token', 'the gateway sent no caller'));
      if (caller.scopes.includes(scope)) return caller;
      return refusalResponse(bearerRefusal(403, 'insufficient_scope', `the token lacks the scope ${scope}`, { scope }));
    }
    const result = await authenticate({ headers: request.headers, query: event.rawQueryString ?? '', jwt: authorizerJwt(event) }, scope);
    return 'caller' in result ? result.caller : refusalResponse(result.refusal);
  };
}
