export { loadAuthConfig, describeAuth, AuthConfigError, AUTH_ENV, type AuthConfig } from './config.ts';
export {
  callerFromClaims,
  credentialsOf,
  mayAccess,
  listClaim,
  InvalidCallerError,
  READ_SCOPE,
  WRITE_SCOPE,
  PUBLIC_TOKEN,
  type Caller,
  type Claims,
} from './credentials.ts';
export { createVerifier, InvalidTokenError, type Verify } from './verifier.ts';
export { IssuerUnavailableError } from './key-set.ts';
export { createAuthenticator, authorizerJwt, bearerRefusal, scopeFor, type Refusal } from './authenticate.ts';
export { encodeCaller, decodeCaller, CALLER_HEADER } from './caller-header.ts';
