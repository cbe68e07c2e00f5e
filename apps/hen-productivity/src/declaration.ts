import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'hen_productivity',
  typeName: 'HenProductivity',
  schema: {
    type: 'object',
    properties: {
      hen_id: { type: 'string', format: 'uuid' },
      farm_id: { type: 'string', format: 'uuid' },
      eggs_today: { type: 'integer', minimum: 0 },
      eggs_week: { type: 'integer', minimum: 0 },
      eggs_month: { type: 'integer', minimum: 0 },
      total_eggs: { type: 'integer', minimum: 0 },
      avg_per_week: { type: 'number', minimum: 0 },
      quality_rate: { type: 'number', minimum: 0, maximum: 1 },
    },
    required: ['hen_id', 'farm_id'],
  },
  lookups: ['hen_id'],
  joins: [
    { kind: 'list', field: 'productivity', parent: 'Hen', by: 'hen_id' },
  ],
});
