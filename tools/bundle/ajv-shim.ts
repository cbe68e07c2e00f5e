/**
 * The bundles' Ajv, for validation.ts: `compile` answers with a validator generated at bundle
 * time (Ajv's standalone code, prebuilt-validators.ts) when asked for exactly the schema,
 * options and formats it was generated from. Ajv itself (its compiler, its meta-schema) is
 * then neither loaded nor compiled at cold start: it sits in a file beside the bundle
 * (`ajv-compiler.cjs`) that is required only for a schema without a prebuilt validator, so
 * behaviour never depends on the prebuilt table being current.
 */
import type { Ajv as RealAjv, AnySchema, Format, Options } from 'ajv';
import type { AnyValidateFunction } from 'ajv/dist/types/index.js';

/** What a validator is looked up by: the options Ajv was made with, its formats in order, and the schema. */
export const prebuiltKey = (options: Options, formats: readonly string[], schema: AnySchema): string => JSON.stringify([options, formats, schema]);

export type LoadCompiler = () => { Ajv: typeof RealAjv };

export function prebuiltAjv(prebuilt: ReadonlyMap<string, AnyValidateFunction>, loadCompiler: LoadCompiler) {
  return class Ajv {
    private readonly formats: [string, Format][] = [];
    private compiler?: RealAjv;

    constructor(private readonly options: Options = {}) {}

    addFormat(name: string, format: Format): this {
      this.formats.push([name, format]);
      return this;
    }

    compile(schema: AnySchema): AnyValidateFunction {
      const hit = prebuilt.get(prebuiltKey(this.options, this.formats.map(([name]) => name), schema));
      return hit ?? this.realCompiler().compile(schema);
    }

    private realCompiler(): RealAjv {
      if (!this.compiler) {
        this.compiler = new (loadCompiler().Ajv)(this.options);
        for (const [name, format] of this.formats) this.compiler.addFormat(name, format);
      }
      return this.compiler;
    }
  };
}

/** ajv-formats' `addFormats(ajv, names)`, over its format definitions alone. */
export const addFormatsFrom =
  (definitions: Record<string, Format>) =>
  (ajv: { addFormat(name: string, format: Format): unknown }, names: readonly string[]) => {
    for (const name of names) ajv.addFormat(name, definitions[name]);
    return ajv;
  };
