import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'storage_deposit',
  typeName: 'StorageDeposit',
  schema: {
    type: 'object',
    properties: {
      container_id: { type: 'string', format: 'uuid' },
      source_type: { type: 'string', enum: ['farm', 'transfer'] },
      source_id: { type: 'string', format: 'uuid' },
      eggs: { type: 'integer', minimum: 1 },
      timestamp: { type: 'string', format: 'date-time' },
    },
    required: ['container_id', 'source_type', 'source_id', 'eggs', 'timestamp'],
  },
  lookups: ['container_id'],
  joins: [],
});
