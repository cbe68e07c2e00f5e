import { describe, expect, it } from 'vitest';
import { RepositoryIndex } from './repository-index.ts';

describe('events that lost a race', () => {
  const event = (op: 'create' | 'replace' | 'remove', name: string) => ({ id: 'x', payload: { name }, created_at: 10, deleted: op === 'remove', op });

  it('a create of a live id, a replace or remove of one that is not, are void for every reader', () => {
    const p = new RepositoryIndex(1);
    p.apply(event('replace', 'ghost'), 0, 0);
    p.apply(event('remove', 'ghost'), 0, 1);
    p.apply(event('create', 'first'), 0, 2);
    p.apply(event('create', 'second'), 0, 3);
    p.apply(event('remove', 'first'), 0, 4);
    p.apply(event('remove', 'again'), 0, 5);
    p.apply(event('create', 'third'), 0, 6);
    expect(p.offsets).toEqual([7]);
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => p.holds('x', 0, o))).toEqual([false, false, true, false, true, false, true]);
    expect(JSON.parse(p.visible('x', Infinity)!.payload!)).toEqual({ name: 'third' });
    expect([...p.candidates('name', 'second')]).toEqual([]);
  });
});
