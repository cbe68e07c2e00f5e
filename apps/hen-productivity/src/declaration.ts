import { defineEntity } from '@egg/entity-runtime';
import { PROJECTIONS } from '@egg/entity-projections';

export default defineEntity({
  name: 'hen_productivity',
  typeName: 'HenProductivity',
  schema: {
    type: 'object',
    properties: {
      hen_id: { type: 'string', format: 'uuid' },
      farm_id: { type: 'string', format: 'uuid', description: "The farm of the hen's coop; absent when that coop does not exist." },
      eggs_today: { type: 'integer', minimum: 0 },
      eggs_week: { type: 'integer', minimum: 0 },
      eggs_month: { type: 'integer', minimum: 0 },
      total_eggs: { type: 'integer', minimum: 0 },
      avg_per_week: { type: 'number', minimum: 0, description: 'total_eggs / weeks from the first counted report to the read instant (at least 1).' },
      quality_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Share of graded eggs graded grade_a or double_yolk; absent when none is graded.' },
    },
    required: ['hen_id', 'eggs_today', 'eggs_week', 'eggs_month', 'total_eggs', 'avg_per_week'],
  },
  lookups: ['hen_id'],
  joins: [
    { kind: 'list', field: 'productivity', parent: 'Hen', by: 'hen_id' },
  ],
  computed: PROJECTIONS.hen_productivity,
});
