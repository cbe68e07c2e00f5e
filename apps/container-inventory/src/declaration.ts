import { defineEntity } from '@egg/entity-runtime';
import { PROJECTIONS } from '@egg/entity-projections';

export default defineEntity({
  name: 'container_inventory',
  typeName: 'ContainerInventory',
  schema: {
    type: 'object',
    properties: {
      container_id: { type: 'string', format: 'uuid' },
      current_eggs: { type: 'integer', description: 'Negative when the events overdraw the container.' },
      total_deposits: { type: 'integer', minimum: 0 },
      total_withdrawals: { type: 'integer', minimum: 0 },
      total_transfers_in: { type: 'integer', minimum: 0 },
      total_transfers_out: { type: 'integer', minimum: 0 },
      total_consumed: { type: 'integer', minimum: 0 },
      utilization_pct: { type: 'number', description: 'current_eggs / capacity × 100: below 0 when overdrawn, above 100 when over capacity.' },
    },
    required: ['container_id', 'current_eggs', 'total_deposits', 'total_withdrawals', 'total_transfers_in', 'total_transfers_out', 'total_consumed', 'utilization_pct'],
  },
  lookups: ['container_id'],
  joins: [
    { kind: 'list', field: 'inventory', parent: 'Container', by: 'container_id' },
  ],
  computed: PROJECTIONS.container_inventory,
});
