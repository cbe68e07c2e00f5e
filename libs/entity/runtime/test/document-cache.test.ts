import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../src/document-cache.ts';

describe('DocumentCache', () => {
  it('keeps at most maxChars of text, dropping the least recently used first', () => {
    const cache = new DocumentCache<number>(10);
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    expect(cache.get('aaaa')).toBe(1); // now bbbb is the least recently used
    cache.set('cccc', 3);
    expect([cache.get('aaaa'), cache.get('bbbb'), cache.get('cccc')]).toEqual([1, undefined, 3]);
  });

  it('never holds a text longer than its bound', () => {
    const cache = new DocumentCache<number>(3);
    cache.set('abcd', 1);
    expect(cache.get('abcd')).toBeUndefined();
  });
});
