import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'farm',
  typeName: 'Farm',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      farm_type: { type: 'string', enum: ['megafarm', 'local_farm', 'homestead'] },
      zone: { type: 'string' },
      owner: { type: 'string' },
    },
    required: ['name', 'farm_type', 'zone'],
  },
  lookups: ['zone'],
  joins: [
    { kind: 'one', field: 'farm', parent: 'Coop', by: 'farm_id' },
    { kind: 'one', field: 'farm', parent: 'FarmOutput', by: 'farm_id' },
  ],
});
