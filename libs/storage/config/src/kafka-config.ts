/**
 * Kafka settings (EGG_STORAGE=kafka). On Lambda the API key and secret come from a Secrets
 * Manager secret (KAFKA_SECRET_ARN), fetched once when the instance opens its log, never
 * from plain environment variables; a laptop may set KAFKA_API_KEY/KAFKA_API_SECRET.
 */
import type { EnvReader } from './problems.ts';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export type KafkaCredentials =
  | { mechanism: SaslMechanism; apiKey: string; apiSecret: string }
  | { mechanism: SaslMechanism; secretArn: string };

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  tls: boolean;
  idempotent: boolean;
  topicPrefix: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  credentials?: KafkaCredentials;
}

const BROKER = /^[A-Za-z0-9.-]+:(\d{1,5})$/;
const NAME = /^[A-Za-z0-9._-]*$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

function brokers(env: EnvReader): string[] {
  const raw = env.raw('KAFKA_BROKERS');
  if (raw === undefined) return env.problem('KAFKA_BROKERS', 'is required with EGG_STORAGE=kafka (host:port,host:port)') ?? [];
  const list = raw.split(',').map((b) => b.trim());
  const bad = list.filter((b) => {
    const port = BROKER.exec(b)?.[1];
    return !port || Number(port) < 1 || Number(port) > 65535;
  });
  if (bad.length > 0) env.problem('KAFKA_BROKERS', `every entry must be host:port, got ${bad.map((b) => `"${b}"`).join(', ')}`);
  return list;
}

function name(env: EnvReader, variable: string, fallback: string): string {
  const raw = env.raw(variable) ?? fallback;
  if (!NAME.test(raw) || raw.length > 100) env.problem(variable, `may hold only letters, digits, ".", "_" and "-" (at most 100), got "${raw}"`);
  return raw;
}

function credentials(env: EnvReader): KafkaCredentials | undefined {
  const mechanism = env.oneOf('KAFKA_SASL_MECHANISM', SASL_MECHANISMS);
  const apiKey = env.raw('KAFKA_API_KEY');
  const apiSecret = env.raw('KAFKA_API_SECRET');
  const secretArn = env.raw('KAFKA_SECRET_ARN');
  if (secretArn !== undefined && !SECRET_ARN.test(secretArn)) env.problem('KAFKA_SECRET_ARN', `must be a Secrets Manager secret ARN, got "${secretArn}"`);
  if (env.raw('KAFKA_SASL_MECHANISM') === undefined) {
    for (const [variable, value] of [['KAFKA_API_KEY', apiKey], ['KAFKA_API_SECRET', apiSecret], ['KAFKA_SECRET_ARN', secretArn]] as const) {
      if (value !== undefined) env.problem(variable, 'is set but KAFKA_SASL_MECHANISM is not (plain for Confluent Cloud)');
    }
    return undefined;
  }
  if (!mechanism) return undefined;
  if (secretArn !== undefined) {
    if (apiKey !== undefined || apiSecret !== undefined) {
      env.problem('KAFKA_SECRET_ARN', 'and KAFKA_API_KEY/KAFKA_API_SECRET are both set: the key and secret come from one place');
    }
    return { mechanism, secretArn };
  }
  if (apiKey === undefined) env.problem('KAFKA_API_KEY', `is required with KAFKA_SASL_MECHANISM=${mechanism} (or set KAFKA_SECRET_ARN)`);
  if (apiSecret === undefined) env.problem('KAFKA_API_SECRET', `is required with KAFKA_SASL_MECHANISM=${mechanism} (or set KAFKA_SECRET_ARN)`);
  return { mechanism, apiKey: apiKey ?? '', apiSecret: apiSecret ?? '' };
}

export function readKafkaConfig(env: EnvReader): KafkaConfig {
  const creds = credentials(env);
  return {
    brokers: brokers(env),
    clientId: name(env, 'KAFKA_CLIENT_ID', 'egg-economy') || 'egg-economy',
    credentials: creds,
    // SASL credentials never travel in clear text: TLS defaults on with them.
    tls: env.boolean('KAFKA_TLS', creds !== undefined),
    idempotent: env.boolean('KAFKA_IDEMPOTENT', true),
    topicPrefix: name(env, 'KAFKA_TOPIC_PREFIX', ''),
    timeoutMs: env.integer('KAFKA_TIMEOUT_MS', 5000, 100, 60_000),
    connectTimeoutMs: env.integer('KAFKA_CONNECT_TIMEOUT_MS', 1000, 100, 30_000),
  };
}
