export {
  INSTANT_HEADER,
  INTERNAL_TOKEN_HEADER,
  INTERNAL_TOKEN_ENV,
  CALLER_MARKER,
  GATEWAY_CALLER,
  IDEMPOTENCY_KEY_HEADER,
  MAX_BODY_BYTES,
} from './wire.ts';
export { errorBody, errorResult, isJsonContentType, JSON_TYPE, type ErrorDetail } from './errors.ts';
export { httpApiEvent, isGatewayEvent, type HttpApiEvent, type HttpApiRequest } from './event.ts';
export { FUNCTION_MEMORY_MB, inProduction, lambdaNodeOptions } from './lambda-runtime.ts';
