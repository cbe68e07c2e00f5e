import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'consumer',
  typeName: 'Consumer',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      consumer_type: { type: 'string', enum: ['household', 'restaurant', 'bakery'] },
      zone: { type: 'string' },
      weekly_demand: { type: 'integer', minimum: 0 },
    },
    required: ['name', 'consumer_type', 'zone'],
  },
  lookups: ['zone'],
  joins: [
    { kind: 'one', field: 'consumer', parent: 'ConsumptionReport', by: 'consumer_id' },
  ],
});
