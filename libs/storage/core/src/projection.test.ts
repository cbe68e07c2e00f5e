import { describe, expect, it } from 'vitest';
import { Projection, eventJson } from './projection.ts';

function sample(): Projection {
  const p = new Projection(2);
  p.apply({ id: 'é-1', payload: { name: 'Crème', eggs: 3, ok: true, nested: { a: 1 } }, created_at: 10, deleted: false }, 0, 0);
  p.apply({ id: 'é-1', payload: { name: 'Crème', eggs: 4, ok: false }, created_at: 20, deleted: true }, 0, 1);
  p.apply({ id: 'b', payload: { name: 'b', eggs: 3 }, created_at: 15, deleted: false }, 1, 0);
  return p;
}

describe('Projection snapshot', () => {
  it('round-trips versions, latest payloads and typed field values', () => {
    const p = Projection.decode(sample().encode(), 2)!;
    expect(p.offsets).toEqual([2, 1]);
    const [first, latest] = p.versions.get('é-1')!;
    expect(first).toEqual({ createdAt: 10, deleted: false, partition: 0, offset: 0, payload: undefined });
    expect({ ...latest, payload: JSON.parse(latest.payload!) }).toEqual({
      createdAt: 20,
      deleted: true,
      partition: 0,
      offset: 1,
      payload: { name: 'Crème', eggs: 4, ok: false },
    });
    expect([...p.candidates('eggs', 3)].sort()).toEqual(['b', 'é-1']);
    expect([...p.candidates('eggs', '3')]).toEqual([]);
    expect([...p.candidates('ok', true)]).toEqual(['é-1']);
    expect([...p.candidates('nested', { a: 1 })]).toEqual([]);
    expect(p.creationOrder()).toEqual(['é-1', 'b']);
  });

  it('refuses another partition count, and a cut or padded buffer', () => {
    const data = sample().encode();
    expect(Projection.decode(data, 3)).toBeUndefined();
    // A cut buffer either throws or decodes to nothing; the repository treats both as "replay".
    const cut = (() => {
      try {
        return Projection.decode(data.subarray(0, data.length - 3), 2);
      } catch {
        return 'refused';
      }
    })();
    expect(cut === undefined || cut === 'refused').toBe(true);
    expect(Projection.decode(Buffer.concat([data, Buffer.from([0])]), 2)).toBeUndefined();
  });
});

describe('eventJson', () => {
  it('is the JSON of the whole event, for ids that need escaping too', () => {
    for (const event of [
      { id: 'a"\\b\u2028é', payload: { name: 'x', n: 1.5, list: [1, null] }, created_at: 1_700_000_000_123, deleted: false },
      { id: 'b', payload: {}, created_at: 0, deleted: true },
      { id: 'c', payload: { a: 1 }, created_at: 5, deleted: false, op: 'create' as const },
    ]) {
      const json = eventJson(event, JSON.stringify(event.payload));
      expect(json).toBe(JSON.stringify(event));
      expect(JSON.parse(json)).toEqual(event);
    }
  });
});

describe('events that lost a race', () => {
  const event = (op: 'create' | 'replace' | 'remove', name: string) => ({ id: 'x', payload: { name }, created_at: 10, deleted: op === 'remove', op });

  it('a create of a live id, a replace or remove of one that is not, are void for every reader', () => {
    const p = new Projection(1);
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

  it('applies events of writers from before ops as they are', () => {
    const p = new Projection(1);
    p.apply({ id: 'x', payload: { n: 1 }, created_at: 1, deleted: false }, 0, 0);
    p.apply({ id: 'x', payload: { n: 2 }, created_at: 2, deleted: false }, 0, 1);
    expect(p.versions.get('x')).toHaveLength(2);
  });
});
