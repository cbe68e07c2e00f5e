/**
 * An entity's payload validator, generated at bundle time with Ajv's standalone code and
 * handed to the bundle's Ajv (ajv-shim.ts). It is generated as the entity runtime compiles
 * it (libs/entity/runtime/src/validation.ts: these options and formats, the declaration's
 * schema closed with additionalProperties: false); were that to change, the lookup misses
 * and the bundle compiles at run time as before, only slower.
 */
export const COMPILER_FILE = 'ajv-compiler.cjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntitySchema } from '@egg/entity-runtime';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import { nameOf } from '@egg/shared-catalog';
import { loadDeclaration } from './supergraph.ts';
import { prebuiltKey } from './ajv-shim.ts';

// Both are CJS with a default export; under NodeNext the namespace object arrives.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const SHIM = path.join(here, 'ajv-shim.ts');

/** As validation.ts makes its Ajv. */
const RUNTIME_OPTIONS: Options = { allErrors: true, strict: true };
export const RUNTIME_FORMATS = ['uuid', 'date', 'date-time'] as const;
export const runtimeSchema = (schema: EntitySchema) => ({ ...schema, additionalProperties: false });

/** A module (ES by default, else CommonJS) whose default export validates `schema`, and the key the shim finds it by. */
export function validatorModule(schema: object, esm = true): { key: string; code: string } {
  const ajv = new Ajv({ ...RUNTIME_OPTIONS, code: { source: true, esm } });
  addFormats(ajv, [...RUNTIME_FORMATS]);
  return { key: prebuiltKey(RUNTIME_OPTIONS, [...RUNTIME_FORMATS], schema), code: standaloneCode(ajv, ajv.compile(schema)) };
}

/** For validation.ts's import of `ajv` in the bundle of app folder `folder`. */
export function prebuiltValidatorsPlugin(folder: string): Plugin {
  const validation = path.join(root, 'libs/entity/runtime/src/validation.ts');
  return {
    name: 'egg-prebuilt-validators',
    setup(build) {
      build.onResolve({ filter: /^ajv(-formats)?$/ }, (args) =>
        args.importer === validation ? { path: folder, namespace: args.path === 'ajv' ? 'egg-ajv' : 'egg-ajv-formats' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'egg-ajv-formats' }, () => ({
        contents: `import { fullFormats } from 'ajv-formats/dist/formats.js';\nimport { addFormatsFrom } from ${JSON.stringify(SHIM)};\nexport default addFormatsFrom(fullFormats);`,
        loader: 'js',
        resolveDir: root,
      }));
      build.onResolve({ filter: /^egg-validator:/ }, (args) => ({ path: args.path.slice('egg-validator:'.length), namespace: 'egg-validator' }));
      build.onLoad({ filter: /.*/, namespace: 'egg-ajv' }, async () => {
        const decl = await loadDeclaration(path.join(root, 'apps'), nameOf(folder));
        const { key } = validatorModule(runtimeSchema(decl.schema));
        return {
          contents: [
            `import { createRequire } from 'node:module';`,
            `import { prebuiltAjv } from ${JSON.stringify(SHIM)};`,
            `import validate from 'egg-validator:${folder}';`,
            `const loadCompiler = () => createRequire(import.meta.url)('./${COMPILER_FILE}');`,
            `export const Ajv = prebuiltAjv(new Map([[${JSON.stringify(key)}, validate]]), loadCompiler);`,
          ].join('\n'),
          loader: 'js',
          resolveDir: root,
        };
      });
      build.onLoad({ filter: /.*/, namespace: 'egg-validator' }, async (args) => {
        const decl = await loadDeclaration(path.join(root, 'apps'), nameOf(args.path));
        return { contents: validatorModule(runtimeSchema(decl.schema)).code, loader: 'js', resolveDir: root };
      });
    },
  };
}
