/**
 * `entity` generator: a new entity app from a JSON Schema. The app is only a declaration;
 * REST, validation, subgraph, OpenAPI and Lambda handler come from @egg/entity-runtime, and the
 * functions, the supergraph and the infrastructure find the app on disk. It also adds the
 * entity's section to docs/contract.md, which the drift test holds to the declaration.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFiles, type Tree } from '@nx/devkit';
import { addEntity } from '@egg/contract-doc';
import { defineEntity, type EntityDeclaration } from '@egg/entity-runtime';
import { deployable } from '@egg/shared-catalog';
import { GeneratorError, parsePayloadSchema } from './payload-schema.ts';

export { GeneratorError } from './payload-schema.ts';

export interface EntityGeneratorOptions {
  name: string;
  schema: string;
  typeName?: string;
  lookups?: string;
}

export const CONTRACT_FILE = 'docs/contract.md';

/** Type names the apps on disk already declare: a second `Farm` would not compose. */
function takenTypeNames(tree: Tree): Map<string, string> {
  const taken = new Map<string, string>();
  for (const folder of tree.children('apps')) {
    const text = tree.read(`apps/${folder}/src/declaration.ts`, 'utf-8');
    const typeName = text && /typeName:\s*'([A-Za-z0-9]+)'/.exec(text)?.[1];
    if (typeName) taken.set(typeName, folder);
  }
  return taken;
}

/**
 * The declaration the options describe, as the app will write it, checked as the runtime checks
 * it at load (`defineEntity`, which also adds what it derives, such as integer bounds).
 */
export function declarationOf(tree: Tree, options: EntityGeneratorOptions): EntityDeclaration {
  if (!/^[a-z][a-z0-9_]*$/.test(options.name ?? '')) throw new GeneratorError(`--name must be snake_case (like duck_pond), got "${options.name ?? ''}"`);
  if (!options.schema) throw new GeneratorError('--schema is required: the path of the JSON Schema file of the payload');
  const text = tree.read(options.schema, 'utf-8');
  if (text === null) throw new GeneratorError(`--schema: file not found: ${options.schema}`);
  const schema = parsePayloadSchema(text, options.schema);
  const typeName = options.typeName ?? deployable(options.name).typeName;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(typeName)) throw new GeneratorError(`--typeName must be PascalCase (like DuckPond), got "${typeName}"`);
  const owner = takenTypeNames(tree).get(typeName);
  if (owner) throw new GeneratorError(`GraphQL type ${typeName} is already declared by apps/${owner}: pick another --typeName`);
  const lookups = (options.lookups ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const field of lookups) {
    if (!(field in schema.properties)) throw new GeneratorError(`--lookups: ${field} is not a field of ${options.schema}`);
  }
  const written: EntityDeclaration = { name: options.name, typeName, schema, lookups, joins: [] };
  try {
    defineEntity(written);
  } catch (error) {
    throw new GeneratorError((error as Error).message);
  }
  return written;
}

/** A value as TypeScript source in the style of the hand-written declarations: single quotes, one field a line. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}

function schemaSource(decl: EntityDeclaration): string {
  const fields = Object.entries(decl.schema.properties).map(([field, p]) => `      ${field}: ${literal(p)},`);
  return ['{', "    type: 'object',", '    properties: {', ...fields, '    },', `    required: ${literal(decl.schema.required)},`, '  }'].join('\n');
}

export default async function entityGenerator(tree: Tree, options: EntityGeneratorOptions): Promise<void> {
  const decl = declarationOf(tree, options);
  const kebab = deployable(decl.name).folder;
  const root = `apps/${kebab}`;
  if (tree.exists(root)) throw new GeneratorError(`${root} already exists`);
  const contract = tree.read(CONTRACT_FILE, 'utf-8');
  if (contract === null) throw new GeneratorError(`${CONTRACT_FILE} not found: run the generator from the workspace root`);

  generateFiles(tree, path.join(path.dirname(fileURLToPath(import.meta.url)), 'files'), root, {
    name: decl.name,
    kebab,
    typeName: decl.typeName,
    schema: schemaSource(decl),
    lookups: literal(decl.lookups),
  });
  // The contract describes the declaration as loaded, which is what the drift test compares it with.
  tree.write(CONTRACT_FILE, addEntity(contract, defineEntity(decl)));
}
