/** The JWT authorizer: made once in the shared stack, on every route but the ones the contract leaves open, with scopes per method. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eggFunctions, removeAssemblies, resources, synth, TEST_AUTH, type Synthesized } from './synth.ts';

afterAll(removeAssemblies);

type Route = { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown; AuthorizationScopes?: string[] };
const routes = (s: Synthesized): Route[] =>
  [...s.templates.entries()].flatMap(([, t]) => resources(t, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties as Route));
const OPEN = /(\/health|\/ready|\/openapi\.json|\/\{proxy\+\})$|^OPTIONS |^(GET|HEAD) \/graphql$/;

describe('JWT authorizer', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ authGroupsClaim: 'cognito:groups' });
  });

  it('is created once, in the shared stack, for the configured issuer and audience', () => {
    const shared = s.templates.get('shared')!;
    shared.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    shared.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: TEST_AUTH.authIssuer, Audience: [TEST_AUTH.authAudience] },
    });
    for (const [id, t] of s.templates) if (id !== 'shared') t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  it('guards every route but probes, OpenAPI documents, the explorer page and preflights: writes need egg:write, the rest egg:read', () => {
    const all = routes(s);
    expect(all.length).toBeGreaterThan(13 * 9);
    for (const route of all) {
      if (OPEN.test(route.RouteKey)) {
        expect(route.AuthorizationType ?? 'NONE', route.RouteKey).toBe('NONE');
        continue;
      }
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizerId, route.RouteKey).toBeDefined();
      expect(route.AuthorizationScopes, route.RouteKey).toEqual([/^(POST|PUT|DELETE) /.test(route.RouteKey) ? 'egg:write' : 'egg:read']);
    }
    expect(all.filter((r) => r.RouteKey === 'POST /farm/api')[0].AuthorizationScopes).toEqual(['egg:write']);
    expect(all.filter((r) => r.RouteKey === 'ANY /graphql')[0].AuthorizationScopes).toEqual(['egg:read']);
  });

  it('gives every function the issuer, so one invoked other than through API Gateway still verifies tokens', () => {
    for (const [, t] of s.templates) {
      for (const fn of eggFunctions(t)) {
        expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
          EGG_AUTH_ISSUER: TEST_AUTH.authIssuer,
          EGG_AUTH_AUDIENCE: TEST_AUTH.authAudience,
          EGG_AUTH_GROUPS_CLAIM: 'cognito:groups',
        });
      }
    }
  });

  it('refuses a stage with no issuer unless it says auth none, and then has no authorizer at all', () => {
    expect(() => synth({ authIssuer: undefined as never, authAudience: undefined as never })).toThrow(/names no token issuer/);
    expect(() => synth({ authIssuer: 'http://issuer.example.com' })).toThrow(/must be an https URL/);
    expect(() => synth({ authAudience: '' })).toThrow(/audience must be set/);
    const open = synth({ auth: 'none' });
    for (const [, t] of open.templates) t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    expect(routes(open).length).toBeGreaterThan(0);
    expect(routes(open).filter((r) => (r.AuthorizationType ?? 'NONE') !== 'NONE')).toEqual([]);
  });
});
