import { defineEntity } from '@egg/entity-runtime';
import { PROJECTIONS } from '@egg/entity-projections';

export default defineEntity({
  name: 'farm_output',
  typeName: 'FarmOutput',
  schema: {
    type: 'object',
    properties: {
      farm_id: { type: 'string', format: 'uuid' },
      farm_type: { type: 'string', enum: ['megafarm', 'local_farm', 'homestead'] },
      eggs_today: { type: 'integer', minimum: 0 },
      eggs_week: { type: 'integer', minimum: 0 },
      eggs_month: { type: 'integer', minimum: 0 },
      active_hens: { type: 'integer', minimum: 0 },
      total_hens: { type: 'integer', minimum: 0 },
      avg_per_hen_per_week: { type: 'number', minimum: 0, description: 'eggs_week / active_hens; 0 when no hen is active.' },
    },
    required: ['farm_id', 'farm_type', 'eggs_today', 'eggs_week', 'eggs_month', 'active_hens', 'total_hens', 'avg_per_hen_per_week'],
  },
  lookups: ['farm_id'],
  joins: [
    { kind: 'list', field: 'farmOutput', parent: 'Farm', by: 'farm_id' },
  ],
  computed: PROJECTIONS.farm_output,
});
