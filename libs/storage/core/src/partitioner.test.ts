import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.ts';

describe('partitionForKey', () => {
  // Reference values from Kafka's Java client (Utils.murmur2), as kafkajs's tests pin them.
  it('matches the Java client murmur2', () => {
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
  });

  it('is stable and in range', () => {
    for (let i = 0; i < 1000; i++) {
      const p = partitionForKey(`key-${i}`, 7);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(7);
      expect(partitionForKey(`key-${i}`, 7)).toBe(p);
    }
  });
});
