/**
 * container_inventory (docs/contract.md §2.11): what the events known at the read instant say a
 * container holds. Sums over every storage event whatever its own timestamp; never clamped.
 */
import type { Computation } from '@egg/entity-runtime';
import type { Envelope, Payload } from '@egg/storage-core';
import { FactIndex } from './facts.ts';

const eggsOf = (events: readonly { eggs: number }[]): number => events.reduce((sum, e) => sum + e.eggs, 0);

type Eggs = readonly { eggs: number }[];

export interface ContainerEvents {
  deposits: Eggs;
  withdrawals: Eggs;
  transfersIn: Eggs;
  transfersOut: Eggs;
  consumed: Eggs;
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
  open(source) {
    const deposits = new FactIndex(['container_id']);
    const withdrawals = new FactIndex(['container_id']);
    const transfers = new FactIndex(['source_container_id', 'dest_container_id']);
    const consumption = new FactIndex(['container_id']);
    const repositories = [
      source('storage_deposit', { onApply: deposits.onApply }),
      source('storage_withdrawal', { onApply: withdrawals.onApply }),
      source('container_transfer', { onApply: transfers.onApply }),
      source('consumption_report', { onApply: consumption.onApply }),
    ];
    return async (containers, instant) => {
      await Promise.all(repositories.map((r) => r.sync()));
      return containers.map((c) =>
        inventoryOf(c, {
          deposits: deposits.at('container_id', c.id, instant.known),
          withdrawals: withdrawals.at('container_id', c.id, instant.known),
          transfersIn: transfers.at('dest_container_id', c.id, instant.known),
          transfersOut: transfers.at('source_container_id', c.id, instant.known),
          consumed: consumption.at('container_id', c.id, instant.known),
        }),
      );
    };
  },
};
