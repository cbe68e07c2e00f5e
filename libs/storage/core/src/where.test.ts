/** A read filter (`ListOptions.where`) applied where paging happens: for any history, pages hold exactly the accepted rows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRepository } from './log-repository.ts';
import { MemoryEventLog } from './memory-event-log.ts';
import { NotFoundError, type Envelope } from './repository.ts';

type Row = Envelope<{ zone: string; owner: string }>;

/** Walks every page of `page` and returns the ids in order. */
async function walk(page: (after?: string) => Promise<Row[]>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let rows = await page(); rows.length > 0; rows = await page(after)) {
    seen.push(...rows.map((r) => r.id));
    after = rows[rows.length - 1].id;
  }
  return seen;
}

const write = fc.record({
  kind: fc.constantFrom('create', 'replace', 'remove'),
  target: fc.nat(20),
  owner: fc.constantFrom('a', 'b', 'c'),
  zone: fc.constantFrom('n', 's'),
});

describe('ListOptions.where', () => {
  it('for any history, any page size and any instant, paged reads yield exactly the accepted rows, each once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), fc.nat(40), async (writes, limit, atStep) => {
        let now = 1_000;
        const repo = createRepository<{ zone: string; owner: string }>(new MemoryEventLog(), 'doc', { partitions: 3, clock: () => now });
        const ids: string[] = [];
        let at = Infinity;
        for (const [step, w] of writes.entries()) {
          now += 1;
          if (step === atStep) at = now - 1;
          const id = ids[w.target % Math.max(ids.length, 1)];
          const payload = { zone: w.zone, owner: w.owner };
          if (w.kind === 'create' || id === undefined) ids.push((await repo.create(payload)).id);
          else await (w.kind === 'replace' ? repo.replace(id, payload) : repo.remove(id)).catch(() => undefined);
        }
        const where = (row: Row) => row.payload.owner !== 'b';
        const all = (await repo.list({ at })).filter(where).map((r) => r.id);
        expect(await walk((after) => repo.list({ at, limit, after, where }))).toEqual(all);
        const north = (await repo.findBy('zone', 'n', { at })).filter(where).map((r) => r.id);
        expect(await walk((after) => repo.findBy('zone', 'n', { at, limit, after, where }))).toEqual(north);
      }),
      { numRuns: 60 },
    );
  });

  it('an after naming a row the filter hides is unknown, as one never stored is', async () => {
    let now = 1_000;
    const repo = createRepository<{ zone: string; owner: string }>(new MemoryEventLog(), 'doc', { clock: () => (now += 1) });
    const hidden = await repo.create({ zone: 'n', owner: 'b' });
    await repo.create({ zone: 'n', owner: 'a' });
    const where = (row: Row) => row.payload.owner === 'a';
    await expect(repo.list({ after: hidden.id, where })).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.findBy('zone', 'n', { after: hidden.id, where })).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo.list({ after: hidden.id })).toHaveLength(1);
  });
});
