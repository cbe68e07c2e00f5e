/**
 * The payload schema a new entity is generated from (format in tools/entity-generator/README.md):
 * a JSON Schema object of scalar fields, checked keyword by keyword so a mistake is one line
 * that names the field and what is wrong with it.
 */
import type { EntitySchema, JsonSchemaProperty } from '@egg/entity-runtime';

/** A mistake in what the user asked for: printed as one line, never with a stack. */
export class GeneratorError extends Error {}

const TOP_LEVEL = new Set(['$schema', '$id', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties']);
const KEYWORDS: Record<string, ReadonlySet<string>> = {
  string: new Set(['type', 'format', 'enum', 'description']),
  integer: new Set(['type', 'minimum', 'maximum', 'description']),
  number: new Set(['type', 'minimum', 'maximum', 'description']),
};
const FORMATS = new Set(['uuid', 'date', 'date-time']);
const RESERVED = new Set(['id', 'created_at', 'asOf']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function property(field: string, raw: unknown, fail: (why: string) => never): JsonSchemaProperty {
  const at = (why: string) => fail(`field ${field}: ${why}`);
  if (!isObject(raw)) return at('must be an object like {"type": "string"}');
  const type = raw.type;
  if (typeof type !== 'string' || !(type in KEYWORDS)) return at(`type must be "string", "integer" or "number", got ${JSON.stringify(type)}`);
  for (const key of Object.keys(raw)) {
    if (!KEYWORDS[type].has(key)) at(`"${key}" is not supported (${type} fields take ${[...KEYWORDS[type]].join(', ')})`);
  }
  if (raw.description !== undefined && typeof raw.description !== 'string') at('description must be a string');
  const description = raw.description === undefined ? {} : { description: raw.description as string };
  if (type === 'string') {
    if (raw.format !== undefined && !FORMATS.has(raw.format as string)) at(`format must be "uuid", "date" or "date-time", got ${JSON.stringify(raw.format)}`);
    const values = raw.enum;
    if (values !== undefined) {
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) at('enum must be a non-empty array of strings');
      if (new Set(values as string[]).size !== (values as string[]).length) at('enum lists a value twice');
    }
    return {
      type,
      ...(raw.format !== undefined ? { format: raw.format as 'uuid' | 'date' } : {}),
      ...(values !== undefined ? { enum: values as string[] } : {}),
      ...description,
    };
  }
  for (const bound of ['minimum', 'maximum'] as const) {
    if (raw[bound] !== undefined && (typeof raw[bound] !== 'number' || !Number.isFinite(raw[bound]))) at(`${bound} must be a number`);
  }
  if (typeof raw.minimum === 'number' && typeof raw.maximum === 'number' && raw.minimum > raw.maximum) at('minimum is above maximum');
  return {
    type: type as 'integer' | 'number',
    ...(raw.minimum !== undefined ? { minimum: raw.minimum as number } : {}),
    ...(raw.maximum !== undefined ? { maximum: raw.maximum as number } : {}),
    ...description,
  };
}

/** Parses and checks the schema file's text; `file` names it in errors. */
export function parsePayloadSchema(text: string, file: string): EntitySchema {
  const fail = (why: string): never => {
    throw new GeneratorError(`${file}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) return fail('must be a JSON object');
  for (const key of Object.keys(raw)) if (!TOP_LEVEL.has(key)) fail(`"${key}" is not supported at the top level`);
  if (raw.type !== 'object') fail('"type" must be "object"');
  if (raw.additionalProperties !== undefined && raw.additionalProperties !== false) {
    fail('"additionalProperties" may only be false: every entity refuses unknown fields');
  }
  if (!isObject(raw.properties) || Object.keys(raw.properties).length === 0) fail('"properties" must be an object with at least one field');
  const properties: Record<string, JsonSchemaProperty> = {};
  for (const [field, value] of Object.entries(raw.properties as Record<string, unknown>)) {
    if (!/^[a-z][a-z0-9_]*$/.test(field)) fail(`field ${field}: name must be snake_case`);
    if (RESERVED.has(field)) fail(`field ${field}: name is reserved (every entity has id and created_at)`);
    properties[field] = property(field, value, fail);
  }
  const required = raw.required ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) return fail('"required" must be an array of field names');
  for (const field of required) if (!(field in properties)) fail(`"required" names ${field}, which is not in "properties"`);
  if (new Set(required).size !== required.length) fail('"required" names a field twice');
  return { type: 'object', properties, required };
}
