import type { Computation } from '@egg/entity-runtime';
import { containerInventory } from './container-inventory.ts';
import { farmOutput } from './farm-output.ts';
import { henProductivity } from './hen-productivity.ts';

export { inventoryOf } from './container-inventory.ts';
export { productivityOf } from './hen-productivity.ts';
export { farmOutputOf } from './farm-output.ts';
export { DAY_MS, WEEK_MS, eventTime, layTotals, type Lay } from './windows.ts';
export { FactIndex } from './facts.ts';
export { containerInventory, farmOutput, henProductivity };

/** Every computed entity of the economy, by entity name: what its app declares and what infra grants it. */
export const PROJECTIONS: Readonly<Record<string, Computation>> = {
  container_inventory: containerInventory,
  hen_productivity: henProductivity,
  farm_output: farmOutput,
};
