import { describe, expect, it } from 'vitest';
import type { FsRun, Measurements } from './report-types.ts';
import type { Latency } from './stats.ts';
import { computeTargets } from './targets.ts';

const lat = (p50: number, p99 = p50 * 2): Latency => ({ n: 100, p50, p90: p50, p95: p50, p99, max: p99 });

type Overrides = { create?: number; ratio?: number; usersP99?: number; errors?: number; lost?: number; writersP99?: number; inventory?: number; cold?: number };

function run(fs: FsRun['fs'], overrides: Overrides = {}): FsRun {
  return {
    fs,
    where: '/tmp/x',
    ...(fs === 'efs-model' ? { modelLatenciesUs: { fsyncUs: 2700 } } : {}),
    seed: { farms: 50, coops: 200, hens: 2000, layReports: 100_000, seconds: 1 },
    crud: { create: lat(overrides.create ?? 3), read: lat(1), subgraphHen: lat(0.7), fsyncFloor: lat(1), bareHttp: lat(0.5), bareHttpGet: lat(0.4) },
    federated: { farmTree: lat(6), farmTreeLayReports: lat(9), hen: lat(3), layReportsPerTree: 2000 },
    users: { latency: lat(10, overrides.usersP99 ?? 50), requests: 1000, perSecond: 50, errors: overrides.errors ?? 0, timeouts: 0, seconds: 20, mix: {} },
    writers: {
      writers: 5,
      sides: [
        { instances: 5, latency: lat(10, overrides.writersP99 ?? 40), acked: 400, perSecond: 80 * (overrides.ratio ?? 4), errors: 0, timeouts: 0, seconds: 5 },
        { instances: 1, latency: lat(10), acked: 100, perSecond: 80, errors: 0, timeouts: 0, seconds: 5 },
      ],
      ratio: overrides.ratio ?? 4,
      lost: overrides.lost ?? 0,
      duplicated: 0,
      checkedIn: 'log',
    },
    projections: {
      hen: lat(3),
      henProductivity: lat(5),
      henProductivityPast: lat(6),
      containerInventory: lat(overrides.inventory ?? 4),
      containerInventoryPast: lat(4),
      farmTree: lat(9),
      layReports: 100_000,
      storageEvents: 100_000,
      storageEventsPerContainer: 1000,
      ...(overrides.cold === undefined ? {} : { coldFirstRead: { henProductivityMs: 300, containerInventoryMs: overrides.cold, rounds: 3 } }),
    },
  };
}

const measurements = (runs: FsRun[], startup = true): Measurements => ({
  when: 'now',
  commit: 'abc',
  machine: { cpu: 'x', cores: 2, memoryBytes: 1, os: 'linux', node: 'v20', loadAverage: [0, 0, 0] },
  quick: false,
  runs,
  skipped: [],
  startup: startup
    ? {
        coldStart: { bareNodeMs: 50, functions: { farm: { restMs: 110, graphqlMs: 160, rounds: 3 }, hen: { restMs: 120, graphqlMs: 140, rounds: 3 }, gateway: { graphqlMs: 260, rounds: 3 } } },
        memory: { entity: { function: 'hen', requests: 10_000, rssBytes: 79e6, peakBytes: 80e6 }, gateway: { function: 'gateway', requests: 10_000, rssBytes: 151e6, peakBytes: 160e6 } },
        bundles: { farm: { bytes: 900_000, lazyBytes: 0, mapBytes: 1, top: [] }, hen: { bytes: 1_000_001, lazyBytes: 0, mapBytes: 1, top: [] }, gateway: { bytes: 3e6, lazyBytes: 0, mapBytes: 1, top: [] } },
        auth: { warm: { samples: 10, onP50Ms: 0.5, offP50Ms: 0.4 }, cold: { rounds: 1, onMs: 200, offMs: 180 } },
        hop: { samples: 10, readP50Ms: 0.2, subgraphHenP50Ms: 0.25, constantP50Ms: 0.13 },
      }
    : undefined,
});

const byId = (m: Measurements) => Object.fromEntries(computeTargets(m).map((t) => [t.id, t]));

describe('computeTargets', () => {
  it('checks every target of the issue, per file system where the issue asks for it', () => {
    const t = byId(measurements([run('local'), run('efs-model')]));
    expect(Object.keys(t).sort()).toEqual(
      [
        ...['local', 'efs-model'].flatMap((fs) => [`create-vs-floor:${fs}`, `federated-vs-hen:${fs}`, `read-vs-bare:${fs}`, `subgraph-hen-vs-bare:${fs}`, `users-p99-vs-p50:${fs}`, `users-errors:${fs}`]),
        ...['local', 'efs-model'].flatMap((fs) =>
          ['projection-hen', 'projection-hen-past', 'projection-container', 'projection-container-past', 'projection-farm-tree', 'projection-cold'].map((id) => `${id}:${fs}`),
        ),
        'writers-scaling:efs-model', 'writers-errors:efs-model', 'writers-lost:efs-model', 'writers-p99:efs-model',
        'entity-cold-start', 'entity-cold-start-graphql', 'gateway-cold-start', 'entity-bundle', 'gateway-bundle', 'entity-rss', 'gateway-rss',
      ].sort(),
    );
    expect(t['create-vs-floor:local']).toMatchObject({ value: 2, met: true, target: '≤ 2' });
    expect(t['federated-vs-hen:local']).toMatchObject({ value: 2, met: true });
    // read 1 ms beside a 0.4 ms bare GET: 2.5 times, over the 1.15 target.
    expect(t['read-vs-bare:local']).toMatchObject({ value: 2.5, met: false, target: '≤ 1.15' });
    // hen(id) straight to its subgraph in 0.7 ms beside the same 0.5 ms: 1.4, within 1.5.
    expect(t['subgraph-hen-vs-bare:local']).toMatchObject({ value: 0.7 / 0.5, met: true, target: '≤ 1.5' });
    expect(t['users-errors:local']).toMatchObject({ value: 0, met: true, target: '0' });
    expect(t['writers-p99:efs-model']).toMatchObject({ value: 40, limit: 54, met: true, unit: 'ms' });
    expect(t['projection-hen-past:local']).toMatchObject({ value: 2, met: true, target: '≤ 2' });
    expect(t['projection-farm-tree:local']).toMatchObject({ value: 3, met: true, target: '≤ 3' });
  });

  it('takes projection reads against hen(id) in the same run, and the slower cold first read', () => {
    const t = byId(measurements([run('local', { inventory: 6.1, cold: 2100 }), run('efs-model', { cold: 1500 })]));
    expect(t['projection-container:local']).toMatchObject({ value: 6.1 / 3, met: false });
    expect(t['projection-cold:local']).toMatchObject({ value: 2100, met: false, unit: 'ms' });
    expect(t['projection-cold:efs-model']).toMatchObject({ value: 1500, met: true });
    expect(byId(measurements([run('local')]))['projection-cold:local']).toMatchObject({ value: null, met: false });
  });

  it('takes the slowest entity for each kind of first request, and the largest entity bundle', () => {
    const t = byId(measurements([run('local')]));
    expect(t['entity-cold-start']).toMatchObject({ value: 120 / 50, met: true });
    expect(t['entity-cold-start-graphql']).toMatchObject({ value: 160 / 50, met: false });
    expect(t['gateway-cold-start']).toMatchObject({ value: 260 / 50, met: false });
    expect(t['entity-bundle']).toMatchObject({ value: 1_000_001, met: false, target: '≤ 1 MB' });
    expect(t['gateway-bundle'].met).toBe(true);
    expect(t['entity-rss'].met).toBe(true);
    expect(t['gateway-rss'].met).toBe(false);
  });

  it('fails what was missed or not measured', () => {
    const t = byId(measurements([run('local', { create: 3.1, usersP99: 101, errors: 1 }), run('efs-model', { ratio: 2.9, lost: 1, writersP99: 55 })], false));
    expect(t['create-vs-floor:local'].met).toBe(false);
    expect(t['users-p99-vs-p50:local'].met).toBe(false);
    expect(t['users-errors:local'].met).toBe(false);
    expect(t['writers-scaling:efs-model'].met).toBe(false);
    expect(t['writers-lost:efs-model'].met).toBe(false);
    expect(t['writers-p99:efs-model'].met).toBe(false);
    expect(t['entity-cold-start']).toMatchObject({ value: null, met: false });
    const noModel = byId(measurements([run('local')]));
    expect(noModel['writers-scaling:efs-model']).toMatchObject({ value: null, met: false });
    expect(noModel['writers-p99:efs-model']).toMatchObject({ value: null, met: false });
  });
});
