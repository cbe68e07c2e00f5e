/** The targets (§5), each checked against one run's figures. */
import type { FsRun, Measurements } from './report-types.ts';

export interface Target {
  id: string;
  figure: string;
  /** null when the run did not measure it (say, no EFS model on this machine). */
  value: number | null;
  unit: string;
  /** As the issue words it, e.g. "≤ 2". */
  target: string;
  limit: number;
  op: '<=' | '>=';
  met: boolean;
}

const MB = 1_000_000;

function check(id: string, figure: string, value: number | null | undefined, op: '<=' | '>=', limit: number, unit = ''): Target {
  const v = value === undefined || value === null || Number.isNaN(value) ? null : value;
  const met = v !== null && (op === '<=' ? v <= limit : v >= limit);
  const shown = unit === 'MB' ? `${limit / MB} MB` : unit === 'ms' ? `${Number(limit.toFixed(1))} ms` : String(limit);
  const target = op === '<=' && limit === 0 ? '0' : `${op === '<=' ? '≤' : '≥'} ${shown}`;
  return { id, figure, value: v, unit, target, limit, op, met };
}

const FS_LABEL = { local: 'local disk', 'efs-model': 'EFS model', remote: 'BENCH_URL' } as const;

function perFs(run: FsRun): Target[] {
  const on = FS_LABEL[run.fs];
  const floor = run.crud.fsyncFloor.p50 + run.crud.bareHttp.p50;
  return [
    check(`create-vs-floor:${run.fs}`, `REST create p50 / (fsync floor p50 + bare node:http p50), ${on}`, run.crud.create.p50 / floor, '<=', 2),
    check(`federated-vs-hen:${run.fs}`, `farm(id){coops{hens}} p50 / hen(id) p50 through the gateway, ${on}`, run.federated.farmTree.p50 / run.federated.hen.p50, '<=', 3),
    check(`read-vs-bare:${run.fs}`, `REST GET by id p50 / bare node:http GET p50, ${on}`, run.crud.read.p50 / run.crud.bareHttpGet.p50, '<=', 1.15),
    check(`subgraph-hen-vs-bare:${run.fs}`, `subgraph hen(id) p50 / bare node:http POST p50, ${on}`, run.crud.subgraphHen.p50 / run.crud.bareHttp.p50, '<=', 1.5),
    check(`users-p99-vs-p50:${run.fs}`, `10 users: p99 / p50, ${on}`, run.users.latency.p99 / run.users.latency.p50, '<=', 10),
    check(`users-errors:${run.fs}`, `10 users: errors + timeouts, ${on}`, run.users.errors + run.users.timeouts, '<=', 0),
    ...projectionTargets(run, on),
  ];
}

function projectionTargets(run: FsRun, on: string): Target[] {
  const p = run.projections;
  const vsHen = (id: string, figure: string, latency: { p50: number }, limit: number) =>
    check(`${id}:${run.fs}`, `${figure} p50 / hen(id) p50 through the gateway, ${on}`, latency.p50 / p.hen.p50, '<=', limit);
  return [
    vsHen('projection-hen', `henProductivity(id) (${p.layReports} lay reports)`, p.henProductivity, 2),
    vsHen('projection-hen-past', 'henProductivity(id, at: past)', p.henProductivityPast, 2),
    vsHen('projection-container', `containerInventory(id) (${p.storageEvents} storage events)`, p.containerInventory, 2),
    vsHen('projection-container-past', 'containerInventory(id, at: past)', p.containerInventoryPast, 2),
    vsHen('projection-farm-tree', 'farm(id){farmOutput coops{hens{productivity}}}', p.farmTree, 3),
    check(
      `projection-cold:${run.fs}`,
      `cold function, spawn to its first projection read (slower of hen_productivity, container_inventory), ${on}`,
      p.coldFirstRead && Math.max(p.coldFirstRead.henProductivityMs, p.coldFirstRead.containerInventoryMs),
      '<=',
      2000,
      'ms',
    ),
  ];
}

function writersOnModel(run: FsRun | undefined, fsyncMs: number | undefined): Target[] {
  const w = run?.writers;
  const many = w?.sides.find((s) => s.instances > 1);
  const failures = w ? w.sides.reduce((n, s) => n + s.errors + s.timeouts, 0) : undefined;
  return [
    check('writers-scaling:efs-model', '5 writers, INSTANCES=5 / INSTANCES=1 acknowledged writes/s, EFS model', w?.ratio, '>=', 3),
    check('writers-errors:efs-model', '5 writers: errors + timeouts (both sides), EFS model', failures, '<=', 0),
    check('writers-lost:efs-model', '5 writers: acknowledged writes lost or duplicated, EFS model', w ? w.lost + w.duplicated : undefined, '<=', 0),
    check('writers-p99:efs-model', `5 writers (INSTANCES=5) p99, EFS model (≤ 20 × its fsync latency)`, many?.latency.p99, '<=', 20 * (fsyncMs ?? NaN), 'ms'),
  ];
}

export function computeTargets(m: Measurements): Target[] {
  const model = m.runs.find((r) => r.fs === 'efs-model');
  const fsyncUs = model?.modelLatenciesUs?.fsyncUs;
  const targets = [...m.runs.flatMap(perFs), ...writersOnModel(model, fsyncUs === undefined ? undefined : fsyncUs / 1000)];
  const s = m.startup;
  const entities = s ? Object.entries(s.coldStart.functions).filter(([f]) => f !== 'gateway') : [];
  const slowestEntity = (kind: 'restMs' | 'graphqlMs') => (entities.length ? Math.max(...entities.map(([, c]) => c[kind] ?? NaN)) : undefined);
  const bundles = s ? Object.entries(s.bundles) : [];
  const largestEntity = bundles.length ? Math.max(...bundles.filter(([f]) => f !== 'gateway').map(([, b]) => b.bytes)) : undefined;
  targets.push(
    check('entity-cold-start', 'entity cold start to a first REST request / bare node (slowest entity)', s && slowestEntity('restMs')! / s.coldStart.bareNodeMs, '<=', 2.5),
    check('entity-cold-start-graphql', 'entity cold start to a first GraphQL request / bare node (slowest entity)', s && slowestEntity('graphqlMs')! / s.coldStart.bareNodeMs, '<=', 2.5),
    check('gateway-cold-start', 'gateway cold start / bare node', s && s.coldStart.functions.gateway.graphqlMs / s.coldStart.bareNodeMs, '<=', 4),
    check('entity-bundle', 'entity bundle (largest)', largestEntity, '<=', 1 * MB, 'MB'),
    check('gateway-bundle', 'gateway bundle', s?.bundles.gateway?.bytes, '<=', 4 * MB, 'MB'),
    check('entity-rss', `entity RSS after ${s?.memory.entity.requests ?? 10_000} requests (${s?.memory.entity.function ?? 'entity'})`, s?.memory.entity.rssBytes, '<=', 80 * MB, 'MB'),
    check('gateway-rss', `gateway RSS after ${s?.memory.gateway.requests ?? 10_000} requests`, s?.memory.gateway.rssBytes, '<=', 150 * MB, 'MB'),
  );
  return targets;
}
