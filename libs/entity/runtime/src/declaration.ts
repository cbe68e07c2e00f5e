/**
 * An entity as data: its payload schema, its GraphQL names, its lookups and its joins.
 * Everything else (REST, validation, subgraph, Lambda handler) is derived from this.
 */
import type { Envelope, LogRepository, Payload, RepositoryOptions } from '@egg/storage-core';

export type JsonSchemaProperty =
  | { type: 'string'; format?: 'uuid' | 'date' | 'date-time'; enum?: readonly string[]; description?: string }
  | { type: 'integer' | 'number'; minimum?: number; maximum?: number; description?: string };

/** The payload schema (without `id`): a flat object of scalar fields. */
export interface EntitySchema {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  required: readonly string[];
}

/**
 * `field` on the `parent` entity's type is the one entity of this declaration whose id is the
 * parent's `by`, or null. Declared by the target (the owner of the value), whose subgraph
 * resolves it with `@requires(fields: by)` at the parent's instant. `nullable` says the parent
 * declares `by` optional: federation requires the `@external` copy to match its type exactly.
 */
export interface OneJoin {
  kind: 'one';
  field: string;
  parent: string;
  by: string;
  nullable?: boolean;
}

/**
 * `field` on the `parent` entity's type lists the entities of this declaration whose `by`
 * equals the parent's id. Declared by the owner of the foreign key, whose subgraph resolves it.
 */
export interface ListJoin {
  kind: 'list';
  field: string;
  parent: string;
  by: string;
}

export type Join = OneJoin | ListJoin;

/**
 * The instant a computed entity is read at: `known` is the time-travel instant of its sources
 * (docs/contract.md §5; Infinity for "everything acknowledged"), `now` the finite instant its
 * time windows end at (`known` itself, or the clock when reading "now").
 */
export interface ReadInstant {
  known: number;
  now: number;
}

/**
 * Opens the repository of an entity a computation reads, once per entity and instance; with
 * `onApply` the computation is told of every version it indexes (indexes of its own, as exact
 * as the repository's reads).
 */
export type OpenSource = (entity: string, options?: Pick<RepositoryOptions, 'onApply'>) => LogRepository<Payload>;

/** A computation's fold over what it opened: the payloads of `subjects` (each live at `instant.known`), in their order. */
export type Fold = (subjects: readonly Envelope[], instant: ReadInstant) => Promise<Payload[]>;

/**
 * A computed entity (a projection, docs/contract.md §2): one per live `subject`, its id the
 * subject's, its figures a pure function of its sources as they are at the read instant.
 * Nothing of it is stored; clients cannot write it.
 */
export interface Computation {
  /** The entity whose ids it takes, e.g. `container`. */
  subject: string;
  /** Its field that holds the subject's id (its one lookup), e.g. `container_id`. */
  key: string;
  /** Every entity whose topic it reads, the subject included. */
  sources: readonly string[];
  /** The events a client writes instead: a write to it is a 405 naming them. */
  writeInstead: readonly string[];
  /** What its figures are, in one sentence (the SDL's and OpenAPI's description). */
  definition: string;
  /** Opens the sources it reads (once per instance) and returns its fold. */
  open(source: OpenSource): Fold;
}

export interface EntityDeclaration {
  /** Entity name (path segment, topic), e.g. `lay_report`. */
  name: string;
  /** GraphQL type, e.g. `LayReport`. */
  typeName: string;
  /** Plural root field; derived from typeName when absent (`layReports`, `henProductivities`). */
  plural?: string;
  schema: EntitySchema;
  /** Fields with an `xsByF` root field. */
  lookups: readonly string[];
  joins: readonly Join[];
  /** Present on a computed entity: how it follows from its sources. */
  computed?: Computation;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export interface EntityNames {
  single: string;
  plural: string;
  byField: (field: string) => string;
}

export function namesOf(decl: EntityDeclaration): EntityNames {
  const single = lowerFirst(decl.typeName);
  const plural = decl.plural ?? (/[^aeiou]y$/.test(single) ? `${single.slice(0, -1)}ies` : `${single}s`);
  return { single, plural, byField: (field) => `${plural}By${upperFirst(camel(field))}` };
}

/** GraphQL `Int` is a signed 32-bit integer: a stored integer outside it could not be read back. */
export const GRAPHQL_INT = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/**
 * Every integer field bounded to what GraphQL `Int` carries, within the declared bounds, so no
 * REST write can store what a GraphQL read cannot answer. Chosen over a wider scalar: counts of
 * eggs and capacities fit 32 bits with room to spare, and clients keep a plain `Int`.
 */
function withIntBounds(schema: EntitySchema): EntitySchema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([field, property]) => [
      field,
      property.type === 'integer'
        ? {
            ...property,
            minimum: Math.max(property.minimum ?? GRAPHQL_INT.minimum, GRAPHQL_INT.minimum),
            maximum: Math.min(property.maximum ?? GRAPHQL_INT.maximum, GRAPHQL_INT.maximum),
          }
        : property,
    ]),
  );
  return { ...schema, properties };
}

/**
 * Checks a declaration's internal consistency once, at definition time, so mistakes fail at load,
 * and bounds its integer fields to GraphQL `Int`.
 */
export function defineEntity<D extends EntityDeclaration>(decl: D): D {
  const fields = decl.schema.properties;
  const fail = (why: string): never => {
    throw new Error(`entity ${decl.name}: ${why}`);
  };
  if (!/^[a-z][a-z0-9_]*$/.test(decl.name)) fail('name must be snake_case');
  if (!/^[A-Z][A-Za-z0-9]*$/.test(decl.typeName)) fail('typeName must be PascalCase');
  for (const reserved of ['id', 'created_at', 'asOf']) if (reserved in fields) fail(`"${reserved}" is reserved`);
  for (const r of decl.schema.required) if (!(r in fields)) fail(`required field ${r} is not a property`);
  for (const l of decl.lookups) if (!(l in fields)) fail(`lookup field ${l} is not a property`);
  for (const j of decl.joins) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(j.parent)) fail(`join ${j.field}: parent must be a PascalCase type`);
    // A list join's key is this entity's own field; a one join's is the parent's, known here only on a self-join.
    const byIsOwn = j.kind === 'list' || j.parent === decl.typeName;
    if (byIsOwn && !(j.by in fields)) fail(`join ${j.field} uses unknown field ${j.by}`);
    if (!/^[a-z][a-z0-9_]*$/.test(j.by)) fail(`join ${j.field}: by must be a snake_case field`);
    if (j.parent === decl.typeName && j.field in fields) fail(`join ${j.field} clashes with a field`);
  }
  if (decl.computed) {
    const { key, sources, subject } = decl.computed;
    if (!(key in fields) || decl.lookups.join() !== key) fail(`a computed entity's one lookup is its key ${key}`);
    if (!sources.includes(subject)) fail(`its subject ${subject} must be among its sources`);
  }
  return { ...decl, schema: withIntBounds(decl.schema) };
}
