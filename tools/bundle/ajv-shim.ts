/**
 * The bundles' Ajv: the real one, except that `compile` answers with a validator generated
 * at bundle time (Ajv's standalone code, prebuilt-validators.ts) when asked for exactly the
 * schema, options and formats it was generated from. A first compile otherwise builds Ajv's
 * meta-schema and generates code, most of an entity function's first REST request. Anything
 * else is compiled as usual, so behaviour never depends on the prebuilt table being current.
 */
import { Ajv as RealAjv, type AnySchema, type Format, type Options } from 'ajv';
import type { AnyValidateFunction } from 'ajv/dist/types/index.js';

/** What a validator is looked up by: the options Ajv was made with, its formats in order, and the schema. */
export const prebuiltKey = (options: Options, formats: readonly string[], schema: AnySchema): string => JSON.stringify([options, formats, schema]);

export function prebuiltAjv(prebuilt: ReadonlyMap<string, AnyValidateFunction>): typeof RealAjv {
  // Per instance: what it was made with. Ajv's constructor may add formats before a subclass could record them.
  const made = new WeakMap<RealAjv, { options: Options; formats: string[] }>();
  const of = (ajv: RealAjv) => made.get(ajv) ?? made.set(ajv, { options: {}, formats: [] }).get(ajv)!;
  const { addFormat, compile } = RealAjv.prototype;

  class Ajv extends RealAjv {
    constructor(options: Options = {}) {
      super(options);
      of(this).options = options;
    }
  }
  // Assigned, not declared: Ajv's compile has overloads no single override can restate.
  Object.assign(Ajv.prototype, {
    addFormat(this: RealAjv, name: string, format: Format) {
      of(this).formats.push(name);
      return addFormat.call(this, name, format);
    },
    compile(this: RealAjv, schema: AnySchema, meta?: boolean) {
      const { options, formats } = of(this);
      return (meta ? undefined : prebuilt.get(prebuiltKey(options, formats, schema))) ?? compile.call(this, schema as object, meta);
    },
  });
  return Ajv;
}
