import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'container_transfer',
  typeName: 'ContainerTransfer',
  schema: {
    type: 'object',
    properties: {
      source_container_id: { type: 'string', format: 'uuid' },
      dest_container_id: { type: 'string', format: 'uuid' },
      eggs: { type: 'integer', minimum: 1 },
      timestamp: { type: 'string', format: 'date-time' },
      transport_method: { type: 'string', enum: ['truck', 'van', 'cart'] },
    },
    required: ['source_container_id', 'dest_container_id', 'eggs', 'timestamp'],
  },
  lookups: ['source_container_id', 'dest_container_id'],
  joins: [],
});
