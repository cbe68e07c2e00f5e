export { containerInventory, inventoryOf, type ContainerEvents } from './container-inventory.ts';
export { henProductivity, productivityOf } from './hen-productivity.ts';
export { farmOutput, farmOutputOf } from './farm-output.ts';
export { DAY_MS, WEEK_MS, WINDOWS, eventTime, layTotals, type LayTotals } from './windows.ts';
