import { describe, expect, it } from 'vitest';
import { writeJson } from './stored-write.ts';

describe('writeJson', () => {
  it('is the JSON of the whole write, for ids that need escaping too', () => {
    for (const write of [
      { id: 'a"\\b\u2028é', payload: { name: 'x', n: 1.5, list: [1, null] }, created_at: 1_700_000_000_123, deleted: false, op: 'create' as const },
      { id: 'b', payload: {}, created_at: 0, deleted: true, op: 'remove' as const },
      { id: 'c', payload: { a: 1 }, created_at: 5, deleted: false, op: 'create' as const },
    ]) {
      const json = writeJson(write, JSON.stringify(write.payload));
      expect(json).toBe(JSON.stringify(write));
      expect(JSON.parse(json)).toEqual(write);
    }
  });
});
