import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntitySchema } from '@egg/entity-runtime';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { AnyValidateFunction } from 'ajv/dist/types/index.js';
import { describe, expect, it } from 'vitest';
import { loadDeclaration } from './supergraph.ts';
import { addFormatsFrom, prebuiltAjv } from './ajv-shim.ts';
import { entityNames } from '@egg/shared-catalog';
import { RUNTIME_FORMATS, runtimeSchema, validatorModule } from './prebuilt-validators.ts';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');
const require = createRequire(import.meta.url);

/** Evaluates the CommonJS flavour of the generated module (the bundle gets the ES one, bundled by esbuild). */
function load(code: string): AnyValidateFunction {
  const module = { exports: {} as { default: AnyValidateFunction } };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports.default ?? (module.exports as unknown as AnyValidateFunction);
}

type Loose = { type: string; enum?: unknown[]; format?: string; minimum?: number };

const good = (p: Loose): unknown =>
  p.enum ? p.enum[0] : p.format === 'uuid' ? '7d444840-9dc0-11d1-b245-5ffdce74fad2' : p.format === 'date' ? '2026-01-31' : p.format === 'date-time' ? '2026-01-31T08:00:00Z' : p.type === 'string' ? 'x' : p.type === 'boolean' ? true : 1;

/** A valid payload, then one bad in each way the contract names: missing, unknown, wrong type, enum, format, bound. */
function payloads(schema: EntitySchema): unknown[] {
  const props = Object.entries(schema.properties as Record<string, Loose>);
  const valid = Object.fromEntries(props.map(([k, p]) => [k, good(p)]));
  return [
    valid,
    {},
    [],
    'text',
    { ...valid, surprise: 1 },
    ...props.flatMap(([k, p]) => [
      { ...valid, [k]: p.type === 'string' ? 12 : 'twelve' },
      { ...valid, [k]: 1.5 },
      { ...valid, [k]: null },
      ...(p.format || p.enum ? [{ ...valid, [k]: 'not-a-valid-value' }] : []),
      ...(p.minimum !== undefined ? [{ ...valid, [k]: p.minimum - 1 }] : []),
    ]),
  ];
}

describe('the prebuilt payload validators', () => {
  it.each(entityNames())('%s: the same verdicts and errors as Ajv compiling at run time', async (name) => {
    const schema = runtimeSchema((await loadDeclaration(appsDir, name)).schema);
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, [...RUNTIME_FORMATS]);
    const compiled = ajv.compile(schema);
    const prebuilt = load(validatorModule(schema, false).code);
    for (const payload of payloads((await loadDeclaration(appsDir, name)).schema)) {
      expect(prebuilt(payload), JSON.stringify(payload)).toBe(compiled(payload));
      expect(prebuilt.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });

  it('is what the bundle Ajv compiles to for exactly its schema, options and formats; anything else compiles', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false };
    const { key, code } = validatorModule(schema, false);
    const prebuilt = load(code);
    let loads = 0;
    const BundleAjv = prebuiltAjv(new Map([[key, prebuilt]]), () => (loads++, { Ajv }));
    const ajv = new BundleAjv({ allErrors: true, strict: true });
    addFormatsFrom(fullFormats)(ajv, [...RUNTIME_FORMATS]);
    expect(ajv.compile(schema)).toBe(prebuilt);
    expect(loads).toBe(0);
    const other = ajv.compile({ ...schema, required: ['n'] });
    expect(other).not.toBe(prebuilt);
    expect(other({})).toBe(false);
    expect(other.errors?.[0]).toMatchObject({ keyword: 'required' });
    expect(loads).toBe(1);
    const differentOptions = new BundleAjv({ strict: true });
    addFormatsFrom(fullFormats)(differentOptions, [...RUNTIME_FORMATS]);
    expect(differentOptions.compile(schema)).not.toBe(prebuilt);
  });
});
