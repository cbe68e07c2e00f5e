import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'consumption_report',
  typeName: 'ConsumptionReport',
  schema: {
    type: 'object',
    properties: {
      consumer_id: { type: 'string', format: 'uuid' },
      container_id: { type: 'string', format: 'uuid' },
      eggs: { type: 'integer', minimum: 1 },
      timestamp: { type: 'string', format: 'date-time' },
      purpose: { type: 'string', enum: ['cooking', 'baking', 'resale', 'raw'] },
    },
    required: ['consumer_id', 'container_id', 'eggs', 'timestamp'],
  },
  lookups: ['consumer_id', 'container_id'],
  joins: [
    { kind: 'list', field: 'consumptionReports', parent: 'Consumer', by: 'consumer_id' },
  ],
});
