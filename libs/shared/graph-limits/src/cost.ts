/**
 * A query's cost and its read arguments, computed in one pass over the document before
 * anything runs: each fragment is costed once and its cost reused at every spread, so the pass
 * is linear in the document however the fragments nest (a fragment spreading the next twice,
 * 26 deep, is 26 fragments here, not 2^26 selections).
 *
 * Cost = the objects a query may resolve. A field of object type costs 1 per parent item, plus
 * what its selection costs, times the items it may yield: a list its `limit` (or the default the
 * schema declares for it), `_entities` its number of representations. Scalars
 * cost nothing: keys the gateway adds to its subgraph requests never push them over the budget
 * the gateway checked.
 *
 * Types are inspected by name, not with graphql's `is*Type` helpers: those use `instanceof`,
 * and a schema built by another copy of graphql (CJS vs ESM) fails them.
 */
import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { GraphLimits } from './config.ts';
import { atProblem, limitProblem } from './domains.ts';

type Variables = Record<string, unknown> | undefined;

interface ArgumentLike {
  name: string;
  defaultValue?: unknown;
}

interface TypeLike {
  name: string;
  getFields?: () => Record<string, { type: unknown; args: readonly ArgumentLike[] }>;
}

export interface SchemaLike {
  getType(name: string): unknown;
  getQueryType(): unknown;
}

export interface OperationReport {
  cost: number;
  /** Read arguments outside their domain (`at`, `limit`), each message once. */
  problems: string[];
}

const namedTypeOf = (type: unknown): string => String(type).replace(/[[\]!]/g, '');
const isList = (type: unknown): boolean => String(type).startsWith('[');

/** An argument's value as the client sent it: literals as numbers, variables before coercion. */
function rawValue(node: ValueNode, variables: Variables, defaults: Map<string, ValueNode>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE: {
      const name = node.name.value;
      if (variables && name in variables) return variables[name];
      const fallback = defaults.get(name);
      return fallback ? rawValue(fallback, variables, defaults) : undefined;
    }
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => rawValue(v, variables, defaults));
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    default:
      return node.kind;
  }
}

export function inspectOperation(
  schema: SchemaLike,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  limits: GraphLimits,
): OperationReport {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const defaults = new Map(
    (operation.variableDefinitions ?? []).flatMap((v) => (v.defaultValue ? [[v.variable.name.value, v.defaultValue] as const] : [])),
  );
  const problems = new Set<string>();
  const fragmentCosts = new Map<string, number>();
  const argument = (field: FieldNode, name: string): unknown => {
    const node = field.arguments?.find((a) => a.name.value === name);
    return node && rawValue(node.value, variables, defaults);
  };

  /** Items a list field may yield per parent item; checks its `at` and `limit` on the way. */
  const itemsOf = (field: FieldNode, args: readonly ArgumentLike[], list: boolean, root: boolean): number => {
    const at = args.some((a) => a.name === 'at') ? argument(field, 'at') : undefined;
    const atWrong = at === undefined || at === null ? undefined : atProblem(at);
    if (atWrong) problems.add(atWrong);
    if (!list) return 1;
    if (field.name.value === '_entities') {
      const representations = argument(field, 'representations');
      return Array.isArray(representations) ? representations.length : 1;
    }
    const declared = args.find((a) => a.name === 'limit');
    const max = root ? limits.listMax : limits.joinMax;
    if (!declared) return max;
    const given = argument(field, 'limit');
    const limit = given === undefined || given === null ? declared.defaultValue : given;
    if (typeof limit !== 'number') return max;
    const problem = limitProblem(limit, max);
    if (problem) problems.add(problem);
    return problem ? max : limit;
  };

  const rootType = (operation.operation === 'query' ? schema.getQueryType() : schema.getType(operation.operation === 'mutation' ? 'Mutation' : 'Subscription')) as
    | TypeLike
    | undefined;

  const costOf = (set: SelectionSetNode, type: TypeLike | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue; // __typename, introspection
        const definition = type?.getFields?.()[selection.name.value];
        if (!definition) continue; // validation names unknown fields
        const items = itemsOf(selection, definition.args, isList(definition.type), type === rootType);
        const target = schema.getType(namedTypeOf(definition.type)) as TypeLike | undefined;
        if (selection.selectionSet) cost += items * (1 + costOf(selection.selectionSet, target));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as TypeLike) : type;
        cost += costOf(selection.selectionSet, on);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue;
        if (!fragmentCosts.has(name)) {
          fragmentCosts.set(name, Infinity); // a cycle (refused by validation anyway) costs without end
          fragmentCosts.set(name, costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as TypeLike));
        }
        cost += fragmentCosts.get(name)!;
      }
    }
    return cost;
  };

  const cost = costOf(operation.selectionSet, rootType);
  return { cost, problems: [...problems] };
}
