export { cachedBinary, type CachedBinary } from './cached-binary.ts';
