/** Ajv's compiler, bundled on its own beside each entity bundle (ajv-compiler.cjs): see ajv-shim.ts. */
export { Ajv } from 'ajv';
