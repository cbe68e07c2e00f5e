/** What one `npm run bench` measured: the shape of docs/benchmarks.json (less its targets). */
import type { AuthCost } from './auth.ts';
import type { InstanceHop } from './instance-hop.ts';
import type { BundleSize, ColdStart, Memory } from './startup.ts';
import type { ProjectionResult } from './projections.ts';
import type { CrudResult, FederatedResult, LoadResult } from './scenarios.ts';
import type { WritersResult } from './writers.ts';

export type FsName = 'local' | 'efs-model' | 'remote';

export interface FsRun {
  fs: FsName;
  /** Where the data was: the directory (local disk or model mount), or BENCH_URL. */
  where: string;
  /** The model's added latencies (µs per operation), when fs is the EFS model. */
  modelLatenciesUs?: Record<string, number>;
  /** On the model: round trips to its server per REST create, from its counters over `creates` creates. */
  modelRoundTrips?: { write: number; read: number; creates: number };
  seed: { farms: number; coops: number; hens: number; layReports: number; seconds: number };
  crud: CrudResult;
  federated: FederatedResult;
  users: LoadResult;
  writers: WritersResult;
  projections: ProjectionResult;
}

export interface Skipped {
  fs: FsName;
  reason: string;
}

export interface Startup {
  coldStart: ColdStart;
  memory: { entity: Memory & { function: string }; gateway: Memory & { function: string } };
  bundles: Record<string, BundleSize>;
  /** Token verification's cost to the farm function, warm and cold (auth.ts). */
  auth: AuthCost;
  /** One event sent straight to a function instance, as the local router sends it (instance-hop.ts). */
  hop: InstanceHop;
}

export interface Measurements {
  when: string;
  commit: string;
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; node: string; loadAverage: number[] };
  /** BENCH_QUICK: smaller seed and shorter runs, for trying the command, not for quoting. */
  quick: boolean;
  runs: FsRun[];
  skipped: Skipped[];
  /** Measured on local bundles only, so absent against BENCH_URL. */
  startup?: Startup;
}
