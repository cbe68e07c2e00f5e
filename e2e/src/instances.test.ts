import { describe, expect, it } from 'vitest';
import { create, gql, ids, listAll, request } from './client.ts';

describe('many instances on one log', () => {
  it('sees every write whichever instance took it', async () => {
    const farm = await create('farm', { name: 'Busy', farm_type: 'local_farm', zone: 'busy' });
    const coop = await create('coop', { name: 'Busy coop', farm_id: farm.id, capacity: 50, coop_type: 'barn' });
    // Concurrent requests land on both hen instances (each takes one event at a time).
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => request('POST', '/hen/api', { name: `hen ${i}`, coop_id: coop.id, breed: 'leghorn' })),
    );
    expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    const hens = created.map((r) => r.body as { id: string });
    const reads = await Promise.all(hens.map((h) => request('GET', `/hen/api/${h.id}`)));
    expect(reads.map((r) => r.status)).toEqual(hens.map(() => 200));
    // The premise: more than one instance wrote, and more than one read (the local stack names the one that answered).
    for (const replies of [created, reads]) expect(new Set(replies.map((r) => r.headers.get('x-egg-local-instance'))).size).toBeGreaterThan(1);
    const data = await gql(`query($c: ID!) { coop(id: $c) { hens(limit: 100) { id } } }`, { c: coop.id });
    expect(ids(data.coop.hens)).toEqual(ids(hens));
    const listed = new Set((await listAll('hen')).map((h) => h.id));
    expect(hens.filter((h) => !listed.has(h.id))).toEqual([]);
  });
});
