/**
 * Typed stage configuration, read once when the CDK app starts. A stage picks the storage
 * backend and sizes every function; `-c stage=<name>` chooses it, `-c backend=file|kafka`
 * overrides its backend (how a newcomer switches without editing code).
 */
import { FUNCTION_MEMORY_MB } from '@egg/shared-contract';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type Backend = 'file' | 'kafka';
export const BACKENDS: readonly Backend[] = ['file', 'kafka'];

export interface FunctionSize {
  memoryMb: number;
  timeoutSeconds: number;
}

export interface StageConfig {
  /** Prefix of stack and function names: `egg-<stage>-…`. */
  stage: string;
  /** file: the embedded log on EFS (functions in a VPC); kafka: the Kafka backend, no VPC, a secret per entity. */
  backend: Backend;
  entityFunction: FunctionSize;
  gatewayFunction: FunctionSize;
  /** Per entity (SPEC name, e.g. `lay_report`), what differs from `entityFunction`. */
  entityOverrides: Record<string, Partial<FunctionSize>>;
  logRetention: RetentionDays;
  /**
   * Teardown keeps what a person cannot recreate: log groups and Kafka secrets (the real key put
   * in by hand). The EFS file system is kept in every stage.
   */
  retainOnTeardown: boolean;
  /**
   * Availability zones of the VPC (file backend): one EFS mount target and one subnet each. At
   * most 2: the stacks are synthesized without an account (offline), and CDK gives such a VPC two.
   */
  maxAzs: number;
  /** Steady-state requests per second and burst the HTTP API lets through, for every route. */
  throttle: { rate: number; burst: number };
  /** The same for each write route (`POST`, `PUT`, `DELETE`) of each entity, on its own (write-throttling.ts). */
  writeThrottle: { rate: number; burst: number };
  /** The SNS topic (made by the shared stack) every alarm of the stage notifies; subscribe to it. */
  alarmTopicName: string;
  /**
   * Concurrency set aside per function (Lambda's reserved concurrency: a floor and a cap), so a
   * hot entity cannot take every instance from the gateway, nor a write burst from the readers.
   * Unset: shares the account's pool. New accounts may have too little to reserve any.
   */
  reservedConcurrency: { gateway?: number; entities: Record<string, number> };
  /** The Kafka backend's cluster (not secret); each entity's API key is in its own Secrets Manager secret. */
  kafka: { brokers: string[]; saslMechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' };
  /** File backend: the daily AWS Backup of the log's file system, kept this many days. */
  backupRetentionDays: number;
  /** File backend: an existing file system to keep the log on (one retained by a torn-down stage, or restored from a backup) instead of a new one. */
  logFileSystemId?: string;
  /**
   * Who issues the tokens every route but the probes requires (README: Cognito, any OIDC provider);
   * `'none'` leaves the stage open to anyone, and must be written out: a stage without either does not synthesize.
   */
  auth?: TokenIssuer | 'none';
}

export interface TokenIssuer {
  /** The `iss` of its tokens, an https URL; API Gateway fetches `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** The `aud` (or Cognito access tokens' `client_id`) the tokens must carry. */
  audience: string;
  /** The claim holding the caller's groups (Cognito: `cognito:groups`); default `groups`. */
  groupsClaim?: string;
}

export const STAGES: Record<string, StageConfig> = {
  dev: {
    stage: 'dev',
    backend: 'file',
    entityFunction: { memoryMb: FUNCTION_MEMORY_MB.dev.entity, timeoutSeconds: 10 },
    // Outlives a subgraph call, so a slow subgraph is the subgraph's timeout, not the gateway's.
    gatewayFunction: { memoryMb: FUNCTION_MEMORY_MB.dev.gateway, timeoutSeconds: 15 },
    entityOverrides: {},
    logRetention: RetentionDays.ONE_WEEK,
    retainOnTeardown: false,
    maxAzs: 2,
    throttle: { rate: 50, burst: 100 },
    writeThrottle: { rate: 10, burst: 20 },
    alarmTopicName: 'egg-dev-alarms',
    reservedConcurrency: { entities: {} },
    kafka: { brokers: [], saslMechanism: 'plain' },
    backupRetentionDays: 7,
  },
  prod: {
    stage: 'prod',
    backend: 'kafka',
    entityFunction: { memoryMb: FUNCTION_MEMORY_MB.prod.entity, timeoutSeconds: 10 },
    gatewayFunction: { memoryMb: FUNCTION_MEMORY_MB.prod.gateway, timeoutSeconds: 15 },
    entityOverrides: {},
    logRetention: RetentionDays.THREE_MONTHS,
    retainOnTeardown: true,
    maxAzs: 2,
    throttle: { rate: 500, burst: 1000 },
    writeThrottle: { rate: 100, burst: 200 },
    alarmTopicName: 'egg-prod-alarms',
    // The gateway's floor, and the busiest writer's (lay reports); 700 of the default 1,000 stay shared.
    reservedConcurrency: { gateway: 200, entities: { lay_report: 100 } },
    // No cluster is committed here: each deploy names its own with -c kafkaBrokers=host:port (README), or fill this in.
    kafka: { brokers: [], saslMechanism: 'plain' },
    backupRetentionDays: 35,
  },
};

export class StageConfigError extends Error {}

function checkSize(where: string, size: FunctionSize): void {
  if (!Number.isInteger(size.memoryMb) || size.memoryMb < 128 || size.memoryMb > 10_240) {
    throw new StageConfigError(`${where}.memoryMb must be an integer from 128 to 10240, got ${size.memoryMb}`);
  }
  if (!Number.isInteger(size.timeoutSeconds) || size.timeoutSeconds < 1 || size.timeoutSeconds > 900) {
    throw new StageConfigError(`${where}.timeoutSeconds must be an integer from 1 to 900, got ${size.timeoutSeconds}`);
  }
}

/**
 * The stage named by context `stage` (default dev), its backend overridden by context `backend`,
 * its Kafka brokers by context `kafkaBrokers` (comma-separated host:port) and its log's file
 * system by context `logFileSystemId` (fs-…).
 */
/** The stage's token issuer, overridden by context `auth=none` or `authIssuer`/`authAudience`/`authGroupsClaim`. */
function authOf(name: string, base: StageConfig['auth'], context: AuthContext): TokenIssuer | 'none' {
  if (context.auth === 'none') return 'none';
  if (context.auth !== undefined) throw new StageConfigError(`auth may only be "none" in context, got "${String(context.auth)}"`);
  const auth: StageConfig['auth'] =
    context.authIssuer === undefined
      ? base
      : { issuer: String(context.authIssuer), audience: String(context.authAudience ?? ''), ...(context.authGroupsClaim ? { groupsClaim: String(context.authGroupsClaim) } : {}) };
  if (auth === undefined) {
    throw new StageConfigError(
      `stage ${name} names no token issuer: set auth in infra/src/config.ts, or -c authIssuer=https://… -c authAudience=…, ` +
        `or -c auth=none for a stage anyone on the internet may read and write`,
    );
  }
  if (auth === 'none') return auth;
  if (!/^https:\/\/[^\s/]+/.test(auth.issuer)) throw new StageConfigError(`auth issuer must be an https URL, got "${auth.issuer}"`);
  if (auth.audience === '') throw new StageConfigError('auth audience must be set (-c authAudience=…)');
  return auth;
}

interface AuthContext {
  auth?: unknown;
  authIssuer?: unknown;
  authAudience?: unknown;
  authGroupsClaim?: unknown;
}

export function loadStageConfig(
  context: { stage?: unknown; backend?: unknown; kafkaBrokers?: unknown; logFileSystemId?: unknown } & AuthContext,
  entities: readonly string[],
  stages: Record<string, StageConfig> = STAGES,
): StageConfig {
  const name = String(context.stage ?? 'dev');
  const base = stages[name];
  if (!base) throw new StageConfigError(`unknown stage "${name}": expected one of ${Object.keys(stages).join(', ')}`);
  const backend = String(context.backend ?? base.backend) as Backend;
  if (!BACKENDS.includes(backend)) throw new StageConfigError(`backend must be file or kafka, got "${backend}"`);
  const brokers = context.kafkaBrokers === undefined ? base.kafka.brokers : String(context.kafkaBrokers).split(',').filter(Boolean);
  const logFileSystemId = context.logFileSystemId === undefined ? base.logFileSystemId : String(context.logFileSystemId);
  if (logFileSystemId !== undefined && !/^fs-[0-9a-f]{8,40}$/.test(logFileSystemId)) {
    throw new StageConfigError(`logFileSystemId must be an EFS file system id (fs- and hex digits), got "${logFileSystemId}"`);
  }
  const config = { ...base, backend, kafka: { ...base.kafka, brokers }, logFileSystemId, auth: authOf(name, base.auth, context) };
  if (backend === 'kafka' && brokers.length === 0) {
    throw new StageConfigError(
      `stage ${name} uses the kafka backend and names no brokers: add -c kafkaBrokers=host:port[,host:port] to the command, or set kafka.brokers of stage ${name} in infra/src/config.ts`,
    );
  }
  const badBroker = brokers.find((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b));
  if (badBroker !== undefined) throw new StageConfigError(`kafka broker must be host:port, got "${badBroker}"`);
  if (!Number.isInteger(config.backupRetentionDays) || config.backupRetentionDays < 1 || config.backupRetentionDays > 36_500) {
    throw new StageConfigError(`backupRetentionDays must be an integer from 1 to 36500, got ${config.backupRetentionDays}`);
  }
  if (config.maxAzs !== 1 && config.maxAzs !== 2) throw new StageConfigError(`maxAzs must be 1 or 2, got ${config.maxAzs}`);
  checkSize('entityFunction', config.entityFunction);
  checkSize('gatewayFunction', config.gatewayFunction);
  const reserved = Object.entries({ gateway: config.reservedConcurrency.gateway, ...config.reservedConcurrency.entities });
  for (const [fn, n] of reserved) {
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new StageConfigError(`reservedConcurrency of ${fn} must be a positive integer, got ${n}`);
  }
  // Lambda keeps 100 of an account's default 1,000 unreserved.
  const reservedTotal = reserved.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  if (reservedTotal > 900) throw new StageConfigError(`reservedConcurrency adds up to ${reservedTotal}; an account's default 1,000 allows 900`);
  for (const entity of Object.keys(config.reservedConcurrency.entities)) {
    if (!entities.includes(entity)) throw new StageConfigError(`reservedConcurrency names unknown entity "${entity}"`);
  }
  if (!/^[\w-]{1,256}$/.test(config.alarmTopicName)) throw new StageConfigError(`alarmTopicName must be an SNS topic name, got "${config.alarmTopicName}"`);
  for (const [entity, override] of Object.entries(config.entityOverrides)) {
    if (!entities.includes(entity)) throw new StageConfigError(`entityOverrides names unknown entity "${entity}"`);
    checkSize(`entityOverrides.${entity}`, { ...config.entityFunction, ...override });
  }
  const slowest = Math.max(config.entityFunction.timeoutSeconds, ...Object.values(config.entityOverrides).map((o) => o.timeoutSeconds ?? 0));
  if (config.gatewayFunction.timeoutSeconds <= slowest) {
    throw new StageConfigError(`gatewayFunction.timeoutSeconds (${config.gatewayFunction.timeoutSeconds}) must exceed every entity timeout (${slowest})`);
  }
  return config;
}

export function entitySize(config: StageConfig, entity: string): FunctionSize {
  return { ...config.entityFunction, ...config.entityOverrides[entity] };
}

/**
 * How long an entity function's append waits for a partition's write lock (EGG_FILE_LOG_LOCK_WAIT_MS):
 * two seconds short of its timeout, so a contended write answers a 503 ("the log is busy") rather
 * than dying in a Lambda timeout, and long enough to outwait a stalled holder (taken over after 5 s).
 */
export function lockWaitMs(size: FunctionSize): number {
  return Math.max(1_000, size.timeoutSeconds * 1_000 - 2_000);
}
/** What teardown does with log groups and Kafka secrets in this stage. */
export const teardownPolicy = (config: StageConfig): RemovalPolicy => (config.retainOnTeardown ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

/**
 * What a function needs to check tokens itself (`EGG_AUTH_*`): behind API Gateway it reads the claims
 * the authorizer verified; invoked any other way it verifies the bearer token against the issuer.
 */
export function authEnvironment(config: StageConfig): Record<string, string> {
  if (config.auth === undefined || config.auth === 'none') return {};
  return {
    EGG_AUTH_ISSUER: config.auth.issuer,
    EGG_AUTH_AUDIENCE: config.auth.audience,
    ...(config.auth.groupsClaim ? { EGG_AUTH_GROUPS_CLAIM: config.auth.groupsClaim } : {}),
  };
}
