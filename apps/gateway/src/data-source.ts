import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INSTANT_HEADER, INTERNAL_TOKEN_HEADER } from '@egg/shared-contract';

/** What every gateway operation carries to its subgraph requests. */
export interface OperationContext {
  /** ms since epoch, fixed when the operation starts: the read instant of root fields without `at`. */
  instant: number;
  /** ms since epoch past which no subgraph is asked (GATEWAY_TIMEOUT_MS after the operation began). */
  deadline?: number;
}

/** Sends the operation instant to every subgraph so the whole tree reads at one moment. */
export class InstantDataSource extends RemoteGraphQLDataSource<OperationContext> {
  /** Set locally (EGG_INTERNAL_TOKEN); in AWS the direct invoke carries the marker instead. */
  declare internalToken?: string;

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<OperationContext>): void {
    if (this.internalToken) request.http?.headers.set(INTERNAL_TOKEN_HEADER, this.internalToken);
    // Apollo's own health/introspection calls have no operation context.
    const instant = 'instant' in context ? context.instant : undefined;
    if (typeof instant === 'number') request.http?.headers.set(INSTANT_HEADER, String(instant));
  }
}
