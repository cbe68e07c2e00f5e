/**
 * Validation rules that refuse over-deep and over-wide documents before any subgraph is
 * asked, so an abusive query is a clear GraphQL error, not a slow timeout.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

interface Measure {
  depth: number;
  fields: number;
}

/** Depth and field count of a selection set, fragments expanded; a fragment cycle counts once. */
function measure(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): Measure {
  let depth = 0;
  let fields = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const inner = sel.selectionSet ? measure(sel.selectionSet, fragments, visiting) : { depth: 0, fields: 0 };
      fields += 1 + inner.fields;
      depth = Math.max(depth, 1 + inner.depth);
    } else {
      const name = sel.kind === Kind.FRAGMENT_SPREAD ? sel.name.value : undefined;
      const target = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments.get(name!)?.selectionSet;
      if (!target || (name !== undefined && visiting.has(name))) continue;
      if (name !== undefined) visiting.add(name);
      const inner = measure(target, fragments, visiting);
      if (name !== undefined) visiting.delete(name);
      fields += inner.fields;
      depth = Math.max(depth, inner.depth);
    }
  }
  return { depth, fields };
}

/**
 * An operation that selects only meta-fields (`__schema`, `__type`) reads the schema, not data:
 * the explorer's docs pane sends one 15 deep (TypeRef's `ofType` chain). Whether it may run at all
 * is the introspection setting; its width still counts.
 */
const introspectionOnly = (set: SelectionSetNode): boolean =>
  set.selections.every((sel) => sel.kind === Kind.FIELD && sel.name.value.startsWith('__'));

export function measureDocument(document: DocumentNode): (Measure & { introspection: boolean })[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return document.definitions
    .filter((def) => def.kind === Kind.OPERATION_DEFINITION)
    .map((op) => ({ ...measure(op.selectionSet, fragments, new Set()), introspection: introspectionOnly(op.selectionSet) }));
}

export function queryLimitsRule(maxDepth: number, maxFields: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      for (const { depth, fields, introspection } of measureDocument(document)) {
        if (depth > maxDepth && !introspection) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the maximum of ${maxDepth}`),
          );
        }
        if (fields > maxFields) {
          context.reportError(
            new GraphQLError(`query selects ${fields} fields, more than the maximum of ${maxFields}`),
          );
        }
      }
    },
  });
}
