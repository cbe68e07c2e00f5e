import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'container_inventory',
  typeName: 'ContainerInventory',
  schema: {
    type: 'object',
    properties: {
      container_id: { type: 'string', format: 'uuid' },
      current_eggs: { type: 'integer', minimum: 0 },
      total_deposits: { type: 'integer', minimum: 0 },
      total_withdrawals: { type: 'integer', minimum: 0 },
      total_transfers_in: { type: 'integer', minimum: 0 },
      total_transfers_out: { type: 'integer', minimum: 0 },
      total_consumed: { type: 'integer', minimum: 0 },
      utilization_pct: { type: 'number', minimum: 0, maximum: 100 },
    },
    required: ['container_id'],
  },
  lookups: ['container_id'],
  joins: [
    { kind: 'list', field: 'inventory', parent: 'Container', by: 'container_id' },
  ],
});
