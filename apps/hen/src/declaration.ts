import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
  name: 'hen',
  typeName: 'Hen',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      coop_id: { type: 'string', format: 'uuid' },
      breed: { type: 'string' },
      dob: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['active', 'retired', 'deceased'] },
    },
    required: ['name', 'coop_id', 'breed'],
  },
  lookups: ['coop_id'],
  joins: [
    { kind: 'one', field: 'hen', parent: 'LayReport', by: 'hen_id' },
    { kind: 'one', field: 'hen', parent: 'HenProductivity', by: 'hen_id' },
    { kind: 'list', field: 'hens', parent: 'Coop', by: 'coop_id' },
  ],
});
