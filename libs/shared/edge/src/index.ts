export { httpEdge, type EdgeHandler } from './edge.ts';
export { loadCorsConfig, type CorsConfig, type CorsPolicy } from './cors.ts';
