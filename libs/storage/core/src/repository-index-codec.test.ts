import { describe, expect, it } from 'vitest';
import { RepositoryIndex } from './repository-index.ts';
import { decodeIndex, encodeIndex } from './repository-index-codec.ts';

function sample(): RepositoryIndex {
  const p = new RepositoryIndex(2);
  p.apply({ id: 'é-1', payload: { name: 'Crème', eggs: 3, ok: true, nested: { a: 1 } }, created_at: 10, deleted: false, op: 'create' }, 0, 0);
  p.apply({ id: 'é-1', payload: { name: 'Crème', eggs: 4, ok: false }, created_at: 20, deleted: true, op: 'remove' }, 0, 1);
  p.apply({ id: 'b', payload: { name: 'b', eggs: 3 }, created_at: 15, deleted: false, op: 'create' }, 1, 0);
  return p;
}

describe('RepositoryIndex snapshot', () => {
  it('round-trips versions, latest payloads and typed field values', () => {
    const p = decodeIndex(encodeIndex(sample()), 2)!;
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
    const data = encodeIndex(sample());
    expect(decodeIndex(data, 3)).toBeUndefined();
    // A cut buffer either throws or decodes to nothing; the repository treats both as "replay".
    const cut = (() => {
      try {
        return decodeIndex(data.subarray(0, data.length - 3), 2);
      } catch {
        return 'refused';
      }
    })();
    expect(cut === undefined || cut === 'refused').toBe(true);
    expect(decodeIndex(Buffer.concat([data, Buffer.from([0])]), 2)).toBeUndefined();
  });
});
