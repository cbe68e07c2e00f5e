/** docs/benchmarks.md from one run's measurements and targets (the JSON carries the same figures). */
import type { FsRun, Measurements } from './report-types.ts';
import type { Latency } from './stats.ts';
import { COLD_SHARE, costModel, PRICES, REFERENCE_COST } from './cost.ts';
import { BENCH_NODE_OPTIONS } from './startup.ts';
import type { Target } from './targets.ts';

/** The reference system's published figures (Lambda + EFS), where its scenario is ours. */
export const REFERENCE = {
  restCreateP50Ms: 103,
  federatedP50Ms: 205,
  usersOverallP50Ms: 192,
  writers: 'requests hit the 30 s Lambda timeout; about 9 writes/s at most',
  coldStartInitMs: 57,
  memoryMb: 22,
  sizeMb: 3.8,
};

const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–');
const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(2)} MB`;
const FS_TITLE = { local: 'local disk', 'efs-model': 'EFS model', remote: 'BENCH_URL' } as const;

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const latencyCells = (l: Latency): string[] => [ms(l.p50), ms(l.p90), ms(l.p95), ms(l.p99)];

function shown(t: Target): string {
  if (t.value === null) return 'not measured';
  if (t.unit === 'MB') return mb(t.value);
  if (t.unit === 'ms') return `${ms(t.value)} ms`;
  return Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(2);
}

function scenarioTables(runs: FsRun[]): string {
  const cols = runs.map((r) => FS_TITLE[r.fs]);
  const perRun = (label: string, get: (r: FsRun) => Latency, reference = '') =>
    runs.map((r) => [`${label}, ${FS_TITLE[r.fs]}`, ...latencyCells(get(r)), reference]);
  const head = ['ms', 'p50', 'p90', 'p95', 'p99', 'reference p50'];
  const out: string[] = [];
  out.push('### 1. Warm CRUD (one user)\n');
  out.push(
    table(head, [
      ...perRun('REST create (POST /lay_report/api)', (r) => r.crud.create, String(REFERENCE.restCreateP50Ms)),
      ...perRun('read back by id (GET /lay_report/api/:id)', (r) => r.crud.read),
      ...perRun('hen(id) straight to its subgraph (POST /hen/graph)', (r) => r.crud.subgraphHen),
      ...perRun('fsync floor (256 B append + fdatasync, plain fs)', (r) => r.crud.fsyncFloor),
      ...perRun('bare node:http round trip, POST', (r) => r.crud.bareHttp),
      ...perRun('bare node:http round trip, GET', (r) => r.crud.bareHttpGet),
    ]),
  );
  out.push('\n### 2. Federated query (one user, through the gateway)\n');
  out.push(
    table(head, [
      ...perRun('farm(id){coops{hens}}', (r) => r.federated.farmTree, String(REFERENCE.federatedP50Ms)),
      ...perRun(`farm(id){coops{hens{layReports}}} (${runs[0]?.federated.layReportsPerTree ?? 0} lay reports)`, (r) => r.federated.farmTreeLayReports),
      ...perRun('hen(id)', (r) => r.federated.hen),
    ]),
  );
  out.push('\n### 3. Ten concurrent users (30 % create, 40 % hen(id), 30 % farm tree)\n');
  out.push(
    table(
      ['', ...cols],
      [
        ['p50 / p90 / p95 / p99 ms', ...runs.map((r) => latencyCells(r.users.latency).join(' / '))],
        ['requests/s', ...runs.map((r) => r.users.perSecond.toFixed(0))],
        ['requests (create / simple / federated)', ...runs.map((r) => `${r.users.requests} (${r.users.mix.create} / ${r.users.mix.simple} / ${r.users.mix.federated})`)],
        ['errors / timeouts', ...runs.map((r) => `${r.users.errors} / ${r.users.timeouts}`)],
        ['reference overall p50 ms', ...runs.map(() => String(REFERENCE.usersOverallP50Ms))],
      ],
    ),
  );
  out.push(`\n### 4. Five concurrent writers on one entity (lay_report)\n`);
  out.push(
    table(
      ['', ...runs.flatMap((r) => r.writers.sides.map((s) => `${FS_TITLE[r.fs]}, INSTANCES=${s.instances}`))],
      [
        ['acknowledged writes/s', ...runs.flatMap((r) => r.writers.sides.map((s) => s.perSecond.toFixed(0)))],
        ['p50 / p90 / p95 / p99 ms', ...runs.flatMap((r) => r.writers.sides.map((s) => latencyCells(s.latency).join(' / ')))],
        ['acknowledged / errors / timeouts', ...runs.flatMap((r) => r.writers.sides.map((s) => `${s.acked} / ${s.errors} / ${s.timeouts}`))],
        ['seconds measured', ...runs.flatMap((r) => r.writers.sides.map((s) => s.seconds.toFixed(1)))],
      ],
    ),
  );
  out.push('');
  for (const r of runs) {
    out.push(
      `- ${FS_TITLE[r.fs]}: INSTANCES=5 / INSTANCES=1 = **${r.writers.ratio.toFixed(2)}×**; read-back (${r.writers.checkedIn === 'log' ? 'every record of the topic, and each id read through the repository' : 'each id over the API'}): ${r.writers.lost} lost, ${r.writers.duplicated} duplicated.`,
    );
  }
  out.push(`- Reference: ${REFERENCE.writers}.`);
  out.push(`\n### 5. Projections, computed at read time (one user, through the gateway)\n`);
  const p = runs[0]?.projections;
  out.push(
    table(head, [
      ...perRun(`henProductivity(id) (${p?.layReports ?? 0} lay reports in the topic)`, (r) => r.projections.henProductivity),
      ...perRun('henProductivity(id, at: past)', (r) => r.projections.henProductivityPast),
      ...perRun(`containerInventory(id) (${p?.storageEvents ?? 0} storage events, ~${p?.storageEventsPerContainer ?? 0} per container)`, (r) => r.projections.containerInventory),
      ...perRun('containerInventory(id, at: past)', (r) => r.projections.containerInventoryPast),
      ...perRun('farm(id){farmOutput{eggs_week} coops{hens{productivity{eggs_today}}}}', (r) => r.projections.farmTree),
      ...perRun('hen(id), sampled alternately with the above', (r) => r.projections.hen),
    ]),
  );
  out.push('');
  for (const r of runs) {
    const cold = r.projections.coldFirstRead;
    if (cold) {
      out.push(
        `- ${FS_TITLE[r.fs]}: a cold function, spawn to its first projection read, median of ${cold.rounds}: hen_productivity ${ms(cold.henProductivityMs)} ms, container_inventory ${ms(cold.containerInventoryMs)} ms.`,
      );
    }
  }
  return out.join('\n');
}

function startupTables(m: Measurements): string {
  const s = m.startup;
  if (!s) return '_Not measured: start-up, memory and size are measured on local bundles, not against BENCH_URL._';
  const bare = s.coldStart.bareNodeMs;
  const times = (value: number | undefined) => (value === undefined ? '' : `${ms(value)} (${(value / bare).toFixed(1)}×)`);
  const rows = Object.entries(s.coldStart.functions).map(([f, c]) => [
    f,
    times(c.restMs),
    times(c.graphqlMs),
    `${mb(s.bundles[f].bytes)} (+ ${mb(s.bundles[f].lazyBytes)} lazy)`,
    s.bundles[f].top.slice(0, 3).map((t) => `${t.input} ${(t.bytes / 1000).toFixed(0)} kB`).join(', '),
  ]);
  return [
    `Functions run with the NODE_OPTIONS infra deploys at the prod stage's memory (entities \`${BENCH_NODE_OPTIONS.entity}\`, the gateway \`${BENCH_NODE_OPTIONS.gateway}\`). Bare \`node -e 0\`, spawn to exit, median: **${ms(bare)} ms** (same rounds). Reference init: ${REFERENCE.coldStartInitMs} ms, size ${REFERENCE.sizeMb} MB, memory ${REFERENCE.memoryMb} MB.\n`,
    table(
      [
        'function',
        `spawn to the answer of a first REST request, median of ${Object.values(s.coldStart.functions)[0]?.rounds ?? 0}, ms (× bare)`,
        'the same, first request GraphQL',
        'bundle read at cold start (+ chunks read on first use)',
        'largest inputs',
      ],
      rows,
    ),
    '',
    table(
      ['after 10,000 requests', 'RSS', 'peak RSS'],
      [s.memory.entity, s.memory.gateway].map((x) => [`${x.function} (${x.requests} requests)`, mb(x.rssBytes), mb(x.peakBytes)]),
    ),
    '',
    table(
      [`one event sent straight to a function instance over IPC, as the local router sends it (${s.hop.samples} each, alternating)`, 'p50 ms'],
      [
        ['GET /hen/api/<id>', ms(s.hop.readP50Ms)],
        ['hen(id) to the hen subgraph', ms(s.hop.subgraphHenP50Ms)],
        ['an instance whose handler answers a constant: the hop alone', ms(s.hop.constantP50Ms)],
      ],
    ),
    '',
    table(
      ['auth (farm function, RS256, JWKS over local HTTP)', 'auth on', 'auth off', 'cost of auth'],
      [
        [`warm GET /farm/api/<id>, p50 ms (${s.auth.warm.samples} each, alternating)`, ms(s.auth.warm.onP50Ms), ms(s.auth.warm.offP50Ms), ms(s.auth.warm.onP50Ms - s.auth.warm.offP50Ms)],
        [`cold start to first answer, median ms (${s.auth.cold.rounds} rounds each)`, ms(s.auth.cold.onMs), ms(s.auth.cold.offMs), ms(s.auth.cold.onMs - s.auth.cold.offMs)],
      ],
    ),
  ].join('\n');
}

const usd = (v: number): string => `$${v.toFixed(2)}`;

function costTable(m: Measurements): string {
  const rows = costModel(m);
  if (rows.length === 0) return 'Not computed: no run.';
  return [
    `Dollars per million requests, from this run's p50 durations (local disk; client-side, so an upper bound on each billed duration), rounded up per ms, at each stage's memory (@egg/shared-contract), ARM; Lambda's request fee per invocation (the gateway's subgraph invokes included), the HTTP API's fee, and billed init at an assumed ${COLD_SHARE * 100} % of invocations starting cold. Prices: tools/bench/cost.ts, us-east-1 list prices as of ${PRICES.asOf} ($${PRICES.lambdaArmPerGbSecond} per GB-s ARM, $${PRICES.lambdaPerMillionRequests} per million invocations, $${PRICES.httpApiPerMillionRequests} per million HTTP API calls).`,
    '',
    table(
      ['scenario', 'stage', 'Lambda compute', 'Lambda requests', 'HTTP API', 'total', 'reference (compute + requests)'],
      rows.map((r) => [r.scenario, r.stage, usd(r.compute), usd(r.lambdaRequests), usd(r.api), usd(r.total), `${usd(REFERENCE_COST.computePerMillion)} + ${usd(REFERENCE_COST.requestsPerMillion)}`]),
    ),
  ].join('\n');
}

export function renderMarkdown(m: Measurements, targets: Target[], notes: Record<string, string>): string {
  const model = m.runs.find((r) => r.fs === 'efs-model');
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (tools/bench); the same figures are in [benchmarks.json](benchmarks.json). Medians are quoted; every ratio is of figures from this one run.${m.quick ? ' **BENCH_QUICK run: smaller seed and shorter runs; not for quoting.**' : ''}`,
    '',
    table(
      ['', ''],
      [
        ['date', m.when],
        ['commit', m.commit],
        ['machine', `${m.machine.cpu}, ${m.machine.cores} cores, ${(m.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, ${m.machine.os}`],
        ['Node', m.machine.node],
        ['load average at start (shared machine)', m.machine.loadAverage.map((l) => l.toFixed(1)).join(', ')],
        ['seed', m.runs.map((r) => `${FS_TITLE[r.fs]}: ${r.seed.farms} farms, ${r.seed.coops} coops, ${r.seed.hens} hens, ${r.seed.layReports} lay reports in ${r.seed.seconds.toFixed(1)} s`).join('; ')],
      ],
    ),
    '',
    model
      ? `**The EFS model is a latency model, not EFS**: a FUSE passthrough (tools/efs-model) adding ${Object.entries(model.modelLatenciesUs ?? {}).map(([k, v]) => `${k.replace(/Us$/, '')} ${v / 1000} ms`).join(', ')} to each call (AWS's published EFS latencies), with the file log in its NFS mode. One kernel, no network, no server, no throughput limits.${roundTripsLine(model)}`
      : `EFS model not run: ${m.skipped.map((s) => `${FS_TITLE[s.fs]}: ${s.reason}`).join('; ')}.`,
    '',
    '## Targets',
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      targets.map((t) => [t.figure, shown(t), t.target, t.met ? 'yes' : '**no**']),
    ),
    '',
    ...targets.filter((t) => !t.met && notes[t.id.split(':')[0]]).map((t) => `- **${t.figure}**: ${notes[t.id.split(':')[0]]}`),
    '',
    '## Scenarios',
    '',
    scenarioTables(m.runs),
    '',
    '## Start-up, memory, size',
    '',
    startupTables(m),
    '',
    '## Cost per million requests',
    '',
    costTable(m),
    '',
  ];
  return lines.join('\n');
}

/** What the code controls on the model, from its own counters: the round trips one REST create costs. */
function roundTripsLine(model: FsRun): string {
  const trips = model.modelRoundTrips;
  return trips
    ? ` The model's counters over ${trips.creates} sequential REST creates: **${trips.write.toFixed(1)} write round trips** (fsync, rename, create, unlink, link, a close that sends) and ${trips.read.toFixed(1)} read round trips (open, getattr) per create; the fsync floor is one write round trip.`
    : '';
}
