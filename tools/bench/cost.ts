/**
 * What a million requests of each scenario would cost on AWS, from this run's figures: each
 * Lambda invocation billed at its measured duration rounded up to the millisecond, at the memory
 * infra deploys per stage, on ARM; plus Lambda's request fee, the HTTP API's fee, and the init
 * duration Lambda bills for on-demand cold starts (since August 2025), at an assumed share of
 * cold invocations. Beside it, the reference's published cost.
 */
import { FUNCTION_MEMORY_MB } from '@egg/shared-contract';
import type { FsRun, Measurements, Startup } from './report-types.ts';
import type { FunctionColdStart } from './startup.ts';

/** List prices, us-east-1, ARM (Graviton), first tier; one table, dated. */
export const PRICES = {
  asOf: '2026-12-04',
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
} as const;

/** The reference system's published cost per million requests: Lambda compute + requests. */
export const REFERENCE_COST = { computePerMillion: 0.84, requestsPerMillion: 0.2 } as const;

/** Share of invocations that start an instance (and are billed its init); an assumption, stated in the report. */
export const COLD_SHARE = 0.01;

export type Stage = keyof typeof FUNCTION_MEMORY_MB;

/** One kind of request: the Lambda invocations it makes, each with its measured duration (ms). */
export interface Workload {
  scenario: string;
  invocations: { kind: 'entity' | 'gateway'; ms: number; initMs: number }[];
}

export interface CostRow {
  scenario: string;
  stage: Stage;
  /** $ per million requests: Lambda compute (incl. billed init), Lambda request fees, HTTP API fee, total. */
  compute: number;
  lambdaRequests: number;
  api: number;
  total: number;
}

export function costPerMillion(workload: Workload, stage: Stage): CostRow {
  const memory = FUNCTION_MEMORY_MB[stage];
  const gbSeconds = workload.invocations.reduce((sum, inv) => {
    const billedMs = Math.ceil(inv.ms) + COLD_SHARE * Math.ceil(inv.initMs);
    return sum + (billedMs / 1000) * (memory[inv.kind] / 1024);
  }, 0);
  const compute = gbSeconds * PRICES.lambdaArmPerGbSecond * 1_000_000;
  const lambdaRequests = workload.invocations.length * PRICES.lambdaPerMillionRequests;
  const api = PRICES.httpApiPerMillionRequests;
  return { scenario: workload.scenario, stage, compute, lambdaRequests, api, total: compute + lambdaRequests + api };
}

/** What a cold instance may bill as init: the slower of its kinds of first event. */
const slowerColdStartMs = (c: FunctionColdStart): number => Math.max(c.graphqlMs, c.restMs ?? 0);

/** Subgraph invocations the gateway makes for each query (farm, its coops, their hens; one hen). */
const SUBGRAPH_CALLS = { farmTree: 3, hen: 1 } as const;

/**
 * The scenarios as Lambda invocations, from one run's p50s (local disk: the client-side figure,
 * which includes the local router's hop, so an upper bound on each billed duration). An entity
 * invocation made by the gateway is taken at the REST read-by-id p50.
 */
export function workloads(run: FsRun, startup: Startup | undefined): Workload[] {
  const cold = startup?.coldStart.functions;
  const entityInit = cold?.hen ? slowerColdStartMs(cold.hen) : 0;
  const gatewayInit = cold?.gateway ? slowerColdStartMs(cold.gateway) : 0;
  const entity = (ms: number) => ({ kind: 'entity' as const, ms, initMs: entityInit });
  const viaGateway = (ms: number, calls: number) => [{ kind: 'gateway' as const, ms, initMs: gatewayInit }, ...Array.from({ length: calls }, () => entity(run.crud.read.p50))];
  return [
    { scenario: 'REST create', invocations: [entity(run.crud.create.p50)] },
    { scenario: 'REST read by id', invocations: [entity(run.crud.read.p50)] },
    { scenario: 'hen(id) through the gateway', invocations: viaGateway(run.federated.hen.p50, SUBGRAPH_CALLS.hen) },
    { scenario: 'farm(id){coops{hens}} through the gateway', invocations: viaGateway(run.federated.farmTree.p50, SUBGRAPH_CALLS.farmTree) },
  ];
}

/** Every scenario at every stage's memory, from the local-disk run (the first run otherwise). */
export function costModel(m: Measurements): CostRow[] {
  const run = m.runs.find((r) => r.fs === 'local') ?? m.runs[0];
  if (!run) return [];
  return workloads(run, m.startup).flatMap((w) => (Object.keys(FUNCTION_MEMORY_MB) as Stage[]).map((stage) => costPerMillion(w, stage)));
}
