import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'lay_report',
  typeName: 'LayReport',
  schema: {
    type: 'object',
    properties: {
      hen_id: { type: 'string', format: 'uuid' },
      coop_id: { type: 'string', format: 'uuid' },
      farm_id: { type: 'string', format: 'uuid' },
      eggs: { type: 'integer', minimum: 0 },
      timestamp: { type: 'string', format: 'date-time' },
      quality: { type: 'string', enum: ['grade_a', 'grade_b', 'cracked', 'double_yolk'] },
    },
    required: ['hen_id', 'coop_id', 'farm_id', 'eggs', 'timestamp'],
  },
  lookups: ['hen_id', 'farm_id'],
  joins: [
    { kind: 'list', field: 'layReports', parent: 'Hen', by: 'hen_id' },
  ],
});
