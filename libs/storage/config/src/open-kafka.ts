/** Opens the Kafka log from its config; a secret named by KAFKA_SECRET_ARN is fetched here, once. */
import { KafkaEventLog, type KafkaLogOptions, type KafkaSasl } from '@egg/storage-kafka';
import type { KafkaConfig, KafkaCredentials } from './kafka-config.ts';
import { StorageConfigError } from './problems.ts';

/** Returns a secret's string value; the default asks AWS Secrets Manager. */
export type FetchSecret = (arn: string) => Promise<string>;

const secretsManager: FetchSecret = async (arn) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return SecretString ?? '';
};

async function sasl(credentials: KafkaCredentials, fetchSecret: FetchSecret): Promise<KafkaSasl> {
  if ('apiKey' in credentials) return { mechanism: credentials.mechanism, username: credentials.apiKey, password: credentials.apiSecret } as KafkaSasl;
  let parsed: { api_key?: unknown; api_secret?: unknown } = {};
  try {
    parsed = JSON.parse(await fetchSecret(credentials.secretArn)) as typeof parsed;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (typeof parsed.api_key !== 'string' || typeof parsed.api_secret !== 'string') {
    throw new StorageConfigError([{ variable: 'KAFKA_SECRET_ARN', message: 'the secret must be JSON {"api_key": "…", "api_secret": "…"}' }]);
  }
  return { mechanism: credentials.mechanism, username: parsed.api_key, password: parsed.api_secret } as KafkaSasl;
}

/** The Kafka log's options from its config, the secret (if any) fetched once here. */
export async function kafkaLogOptions(config: KafkaConfig, fetchSecret: FetchSecret = secretsManager): Promise<KafkaLogOptions> {
  const { credentials, ...rest } = config;
  return { ...rest, sasl: credentials && (await sasl(credentials, fetchSecret)) };
}

export async function openKafkaLog(config: KafkaConfig, options: { fetchSecret?: FetchSecret } = {}): Promise<KafkaEventLog> {
  return KafkaEventLog.open(await kafkaLogOptions(config, options.fetchSecret));
}
