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
  joins: [],
});
