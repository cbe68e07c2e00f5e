/**
 * container_inventory (docs/contract.md §2.11): what the events known at the read instant say a
 * container holds. Sums over every storage event whatever its own timestamp; never clamped.
 */
import type { Computation } from '@egg/entity-runtime';
import type { Envelope, Payload } from '@egg/storage-core';

const eggsOf = (rows: readonly Envelope[]): number => rows.reduce((sum, row) => sum + (row.payload.eggs as number), 0);

export interface ContainerEvents {
  deposits: readonly Envelope[];
  withdrawals: readonly Envelope[];
  transfersIn: readonly Envelope[];
  transfersOut: readonly Envelope[];
  consumed: readonly Envelope[];
}

/**
 * The fold. `current_eggs` is the identity of the contract at every instant, negative when the
 * events say more left than came in (overdrawn); `utilization_pct` follows it, below 0 or above
 * 100 alike.
 */
export function inventoryOf(container: Envelope, events: ContainerEvents): Payload {
  const totals = {
    total_deposits: eggsOf(events.deposits),
    total_withdrawals: eggsOf(events.withdrawals),
    total_transfers_in: eggsOf(events.transfersIn),
    total_transfers_out: eggsOf(events.transfersOut),
    total_consumed: eggsOf(events.consumed),
  };
  const current =
    totals.total_deposits + totals.total_transfers_in - totals.total_withdrawals - totals.total_transfers_out - totals.total_consumed;
  return {
    container_id: container.id,
    current_eggs: current,
    ...totals,
    utilization_pct: (current / (container.payload.capacity as number)) * 100,
  };
}

export const containerInventory: Computation = {
  subject: 'container',
  key: 'container_id',
  sources: ['container', 'storage_deposit', 'storage_withdrawal', 'container_transfer', 'consumption_report'],
  writeInstead: ['storage_deposit', 'storage_withdrawal', 'container_transfer', 'consumption_report'],
  definition:
    'current_eggs = total_deposits + total_transfers_in − total_withdrawals − total_transfers_out − total_consumed, ' +
    'negative when the events overdraw the container; utilization_pct = current_eggs / capacity × 100, unclamped.',
  async compute(containers, at, sources) {
    const ids = containers.map((c) => c.id);
    const options = { at: at.known };
    const [deposits, withdrawals, transfersIn, transfersOut, consumed] = await Promise.all([
      sources('storage_deposit').findByMany('container_id', ids, options),
      sources('storage_withdrawal').findByMany('container_id', ids, options),
      sources('container_transfer').findByMany('dest_container_id', ids, options),
      sources('container_transfer').findByMany('source_container_id', ids, options),
      sources('consumption_report').findByMany('container_id', ids, options),
    ]);
    const of = (found: Map<unknown, Envelope[]>, id: string) => found.get(id) ?? [];
    return containers.map((c) =>
      inventoryOf(c, {
        deposits: of(deposits, c.id),
        withdrawals: of(withdrawals, c.id),
        transfersIn: of(transfersIn, c.id),
        transfersOut: of(transfersOut, c.id),
        consumed: of(consumed, c.id),
      }),
    );
  },
};
