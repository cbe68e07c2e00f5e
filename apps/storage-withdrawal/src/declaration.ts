import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'storage_withdrawal',
  typeName: 'StorageWithdrawal',
  schema: {
    type: 'object',
    properties: {
      container_id: { type: 'string', format: 'uuid' },
      reason: { type: 'string', enum: ['spoilage', 'breakage', 'quality_check'] },
      eggs: { type: 'integer', minimum: 1 },
      timestamp: { type: 'string', format: 'date-time' },
    },
    required: ['container_id', 'reason', 'eggs', 'timestamp'],
  },
  lookups: ['container_id'],
  joins: [],
});
