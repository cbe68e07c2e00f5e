import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStorageConfig } from './config.ts';
import { StorageConfigError } from './problems.ts';

const errorOf = (env: NodeJS.ProcessEnv): StorageConfigError => {
  try {
    loadStorageConfig(env);
  } catch (e) {
    if (e instanceof StorageConfigError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('loadStorageConfig', () => {
  it('defaults to a file log in ./data with 4 partitions', () => {
    expect(loadStorageConfig({})).toEqual({ backend: 'file', dataDir: path.resolve('data'), partitions: 4, fileLogMode: 'auto', lockWaitMs: 30_000 });
  });

  it('reads every variable', () => {
    expect(
      loadStorageConfig({ EGG_STORAGE: 'file', DATA_DIR: '/mnt/efs/egg', EGG_PARTITIONS: '8', EGG_FILE_LOG_MODE: 'nfs', EGG_FILE_LOG_LOCK_WAIT_MS: '8000' }),
    ).toEqual({
      backend: 'file',
      dataDir: '/mnt/efs/egg',
      partitions: 8,
      fileLogMode: 'nfs',
      lockWaitMs: 8000,
    });
  });

  it('treats blank values as unset', () => {
    expect(loadStorageConfig({ EGG_STORAGE: ' ', DATA_DIR: '', EGG_PARTITIONS: '' }).partitions).toBe(4);
  });

  it.each([
    [{ EGG_STORAGE: 'postgres' }, 'EGG_STORAGE'],
    [{ EGG_PARTITIONS: 'four' }, 'EGG_PARTITIONS'],
    [{ EGG_FILE_LOG_MODE: 'NFS4' }, 'EGG_FILE_LOG_MODE'],
    [{ EGG_FILE_LOG_LOCK_WAIT_MS: '10' }, 'EGG_FILE_LOG_LOCK_WAIT_MS'],
    [{ EGG_PARTITIONS: '0' }, 'EGG_PARTITIONS'],
    [{ EGG_PARTITIONS: '2.5' }, 'EGG_PARTITIONS'],
    [{ EGG_PARTITIONS: '-3' }, 'EGG_PARTITIONS'],
    [{ EGG_STORAGE: 'kafka', KAFKA_BROKERS: 'b:9092', EGG_PARTITIONS: '99999' }, 'EGG_PARTITIONS'],
  ])('names the bad variable in %j', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: `));
  });
});

describe('kafka configuration', () => {
  it('defaults around the brokers: idempotent, no TLS without credentials, 5 s bound', () => {
    expect(loadStorageConfig({ EGG_STORAGE: 'kafka', KAFKA_BROKERS: 'a:9092, b:9093', EGG_PARTITIONS: '12' })).toEqual({
      backend: 'kafka',
      partitions: 12,
      kafka: {
        brokers: ['a:9092', 'b:9093'],
        clientId: 'egg-economy',
        credentials: undefined,
        tls: false,
        idempotent: true,
        topicPrefix: '',
        timeoutMs: 5000,
        connectTimeoutMs: 1000,
      },
    });
  });

  it('takes Confluent Cloud settings: SASL plain with TLS, key from the environment or a secret', () => {
    const confluent = { EGG_STORAGE: 'kafka', KAFKA_BROKERS: 'pkc-1.eu-west-1.aws.confluent.cloud:9092', KAFKA_SASL_MECHANISM: 'PLAIN' };
    const fromEnv = loadStorageConfig({ ...confluent, KAFKA_API_KEY: 'KEY', KAFKA_API_SECRET: 'SECRET', KAFKA_TOPIC_PREFIX: 'prod.' });
    expect(fromEnv.backend === 'kafka' && fromEnv.kafka).toMatchObject({
      tls: true,
      topicPrefix: 'prod.',
      credentials: { mechanism: 'plain', apiKey: 'KEY', apiSecret: 'SECRET' },
    });
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:egg/kafka-AbCdEf';
    const fromSecret = loadStorageConfig({ ...confluent, KAFKA_SECRET_ARN: arn, KAFKA_IDEMPOTENT: 'false', KAFKA_TIMEOUT_MS: '3000' });
    expect(fromSecret.backend === 'kafka' && fromSecret.kafka).toMatchObject({
      idempotent: false,
      timeoutMs: 3000,
      credentials: { mechanism: 'plain', secretArn: arn },
    });
  });

  it('names every bad value in one error', () => {
    const error = errorOf({
      EGG_STORAGE: 'kafka',
      EGG_PARTITIONS: 'many',
      KAFKA_BROKERS: 'good:9092,nohost,bad:99999',
      KAFKA_SASL_MECHANISM: 'gssapi',
      KAFKA_TLS: 'yes',
      KAFKA_IDEMPOTENT: 'maybe',
      KAFKA_TOPIC_PREFIX: 'bad prefix',
      KAFKA_TIMEOUT_MS: '10',
      KAFKA_CLIENT_ID: 'a/b',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      [
        'EGG_PARTITIONS',
        'KAFKA_BROKERS',
        'KAFKA_SASL_MECHANISM',
        'KAFKA_TLS',
        'KAFKA_IDEMPOTENT',
        'KAFKA_TOPIC_PREFIX',
        'KAFKA_TIMEOUT_MS',
        'KAFKA_CLIENT_ID',
      ].sort(),
    );
    expect(error.message).toContain('KAFKA_BROKERS: every entry must be host:port, got "nohost", "bad:99999"');
    expect(error.message).toContain('KAFKA_SASL_MECHANISM: must be one of "plain", "scram-sha-256", "scram-sha-512", got "gssapi"');
  });

  it.each([
    [{}, ['KAFKA_BROKERS']],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_API_KEY: 'k' }, ['KAFKA_API_KEY']],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain' }, ['KAFKA_API_KEY', 'KAFKA_API_SECRET']],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SECRET_ARN: 'my-secret' }, ['KAFKA_SECRET_ARN']],
    [
      { KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain', KAFKA_API_KEY: 'k', KAFKA_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x' },
      ['KAFKA_SECRET_ARN'],
    ],
  ])('refuses incomplete credentials %j', (env, variables) => {
    expect(errorOf({ EGG_STORAGE: 'kafka', ...env }).problems.map((p) => p.variable)).toEqual(variables);
  });
});
