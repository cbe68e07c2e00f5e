/**
 * Names the gateway, the local router, the infrastructure and the entity functions must agree on.
 * Header names are lower case: functions see headers normalised (API Gateway v2, middy).
 */

/** The operation instant (ms since the epoch) the gateway sends with every subgraph request (docs/contract.md §5). */
export const INSTANT_HEADER = 'x-egg-instant';

/**
 * Locally, the gateway proves itself to the router with this header, carrying the per-run token
 * of {@link INTERNAL_TOKEN_ENV}; the router never forwards it and sets the caller marker instead.
 */
export const INTERNAL_TOKEN_HEADER = 'x-egg-internal';

/** The environment variable that hands the local stack's per-run token to the gateway process only. */
export const INTERNAL_TOKEN_ENV = 'EGG_INTERNAL_TOKEN';

/**
 * `requestContext.authorizer.lambda[CALLER_MARKER] === GATEWAY_CALLER` marks an event as sent by the
 * gateway. Public routes have no authorizer, so no client can set it (docs/contract.md §4, `_entities`).
 */
export const CALLER_MARKER = 'egg_caller';
export const GATEWAY_CALLER = 'gateway';

/** A POST carrying this header is done at most once per key (docs/contract.md §6). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The largest request body an entity function accepts, REST and subgraph alike (docs/contract.md §6). */
export const MAX_BODY_BYTES = 262_144;
