export { httpEdge, type EdgeHandler, type EdgeOptions } from './edge.ts';
export { loadCorsConfig, CorsConfigError, CORS_ENV, type CorsConfig, type CorsPolicy } from './cors.ts';
