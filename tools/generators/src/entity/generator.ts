/**
 * `entity` generator: a new entity app from a JSON Schema. The app is only a declaration;
 * REST, validation, subgraph and Lambda handler come from @egg/entity-runtime.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFiles, type Tree } from '@nx/devkit';

export interface EntityGeneratorOptions {
  name: string;
  schema: string;
  typeName?: string;
  lookups?: string;
}

interface PayloadSchema {
  type: 'object';
  properties: Record<string, { type: string }>;
  required: string[];
}

const SCALARS = new Set(['string', 'integer', 'number']);
const RESERVED = new Set(['id', 'created_at', 'asOf']);

const pascal = (snake: string): string => snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** Keeps what a declaration holds (type, properties, required); the runtime closes the object itself. */
function readPayloadSchema(tree: Tree, file: string): PayloadSchema {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`schema file not found: ${file}`);
  const raw = JSON.parse(text) as Partial<PayloadSchema>;
  if (raw.type !== 'object' || typeof raw.properties !== 'object' || raw.properties === null) {
    throw new Error(`${file}: must be a JSON Schema of type "object" with properties`);
  }
  for (const [field, property] of Object.entries(raw.properties)) {
    if (!/^[a-z][a-z0-9_]*$/.test(field)) throw new Error(`${file}: field ${field} must be snake_case`);
    if (RESERVED.has(field)) throw new Error(`${file}: field ${field} is reserved`);
    if (!SCALARS.has(property.type)) throw new Error(`${file}: field ${field} must be a string, integer or number`);
  }
  return { type: 'object', properties: raw.properties, required: raw.required ?? [] };
}

const indent = (json: string, spaces: number): string => json.replace(/\n/g, `\n${' '.repeat(spaces)}`);

export default async function entityGenerator(tree: Tree, options: EntityGeneratorOptions): Promise<void> {
  if (!/^[a-z][a-z0-9_]*$/.test(options.name)) throw new Error(`--name must be snake_case, got "${options.name}"`);
  const kebab = options.name.replace(/_/g, '-');
  const root = `apps/${kebab}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  const schema = readPayloadSchema(tree, options.schema);
  const lookups = (options.lookups ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const field of lookups) if (!(field in schema.properties)) throw new Error(`lookup ${field} is not a field of the schema`);

  generateFiles(tree, path.join(path.dirname(fileURLToPath(import.meta.url)), 'files'), root, {
    name: options.name,
    kebab,
    typeName: options.typeName ?? pascal(options.name),
    schema: indent(JSON.stringify(schema, null, 2), 2),
    lookups: JSON.stringify(lookups),
  });
}
