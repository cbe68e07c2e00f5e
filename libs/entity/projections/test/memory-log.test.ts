import { MemoryEventLog } from '@egg/storage-core';
import { describe } from 'vitest';
import { itHoldsTheProjectionProperty } from './property.ts';

describe('projections on the memory log', () => {
  itHoldsTheProjectionProperty(async () => {
    const log = new MemoryEventLog();
    return { logs: [log, log], fresh: async () => log, close: async () => undefined };
  }, 200, 120_000);
});
