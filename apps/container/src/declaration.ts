import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'container',
  typeName: 'Container',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      container_type: { type: 'string', enum: ['warehouse', 'market_shelf', 'fridge'] },
      capacity: { type: 'integer', minimum: 1 },
      zone: { type: 'string' },
    },
    required: ['name', 'container_type', 'capacity', 'zone'],
  },
  lookups: ['zone'],
  joins: [
    { kind: 'one', field: 'container', parent: 'StorageDeposit', by: 'container_id' },
    { kind: 'one', field: 'container', parent: 'StorageWithdrawal', by: 'container_id' },
    { kind: 'one', field: 'sourceContainer', parent: 'ContainerTransfer', by: 'source_container_id' },
    { kind: 'one', field: 'destContainer', parent: 'ContainerTransfer', by: 'dest_container_id' },
    { kind: 'one', field: 'container', parent: 'ConsumptionReport', by: 'container_id' },
    { kind: 'one', field: 'container', parent: 'ContainerInventory', by: 'container_id' },
  ],
});
