import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { loadStorageConfig } from './config.ts';
import { openEventLog } from './open.ts';

describe('openEventLog', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a durable file log under DATA_DIR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-runtime-'));
    dirs.push(dir);
    const config = loadStorageConfig({ DATA_DIR: dir, EGG_PARTITIONS: '2' });
    const log = await openEventLog(config);
    const row = await createRepository(log, 'farm', { partitions: config.partitions }).create({ name: 'Sunny' });
    expect(await log.partitionCount('farm')).toBe(2);
    await log.close();

    // A new process over the same directory finds the write.
    const reopened = await openEventLog(config);
    expect((await createRepository(reopened, 'farm').read(row.id))?.payload).toEqual({ name: 'Sunny' });
    await reopened.close();
  });

  it('forces the file log\'s NFS mode with EGG_FILE_LOG_MODE=nfs, and detects it otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-runtime-'));
    dirs.push(dir);
    const forced = await openEventLog(loadStorageConfig({ DATA_DIR: dir, EGG_FILE_LOG_MODE: 'nfs' }));
    const detected = await openEventLog(loadStorageConfig({ DATA_DIR: dir }));
    expect([forced, detected].map((log) => (log as FileEventLog).sharedPageCache)).toEqual([false, true]);
    await Promise.all([forced.close(), detected.close()]);
  });

  it('creates a DATA_DIR that does not exist yet', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-runtime-'));
    dirs.push(parent);
    const log = await openEventLog(loadStorageConfig({ DATA_DIR: path.join(parent, 'nested', 'data') }));
    await createRepository(log, 'farm').create({ name: 'x' });
    await log.close();
    expect(fs.existsSync(path.join(parent, 'nested', 'data'))).toBe(true);
  });

  it('fetches the Kafka secret once, and names a malformed one', async () => {
    const config = loadStorageConfig({
      EGG_STORAGE: 'kafka',
      KAFKA_BROKERS: '127.0.0.1:9',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:egg/kafka',
    });
    const asked: string[] = [];
    const fetchSecret = async (arn: string) => {
      asked.push(arn);
      return '{"apiKey": "wrong field names"}';
    };
    await expect(openEventLog(config, { fetchSecret })).rejects.toThrow(
      'KAFKA_SECRET_ARN: the secret must be JSON {"api_key": "…", "api_secret": "…"}',
    );
    expect(asked).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:egg/kafka']);
  });
});
