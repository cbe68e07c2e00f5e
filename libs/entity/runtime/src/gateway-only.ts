/**
 * `_entities` and `_service` answer only the gateway (docs/contract.md §4): they would otherwise let anyone
 * read any entity by key and the whole subgraph schema, past the limits the gateway applies.
 * The transport marks a request from the gateway (`HttpRequest.fromGateway`); any other request
 * selecting either field at its root, through fragments too, is refused.
 */
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

const GATEWAY_ONLY = new Set(['_entities', '_service']);

/** Names of the root fields a selection selects, each fragment looked into once. */
function rootFields(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document, seen);
    if (seen.has(selection.name.value)) return [];
    seen.add(selection.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
    return fragment && 'selectionSet' in fragment ? rootFields(fragment.selectionSet, document, seen) : [];
  });
}

/** The 403 for an operation that is not the gateway's and selects a gateway-only field; else undefined. */
export function gatewayOnlyProblem(operation: OperationDefinitionNode, document: DocumentNode): GraphQLError | undefined {
  const refused = rootFields(operation.selectionSet, document).find((name) => GATEWAY_ONLY.has(name));
  return refused === undefined
    ? undefined
    : new GraphQLError(`${refused} answers only the gateway`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}
