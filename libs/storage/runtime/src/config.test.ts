import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageConfigError, loadStorageConfig } from './config.ts';

describe('loadStorageConfig', () => {
  it('defaults to a file log in ./data with 4 partitions', () => {
    expect(loadStorageConfig({})).toEqual({ backend: 'file', dataDir: path.resolve('data'), partitions: 4, fileLogMode: 'auto' });
  });

  it('reads every variable', () => {
    expect(loadStorageConfig({ EGG_STORAGE: 'file', DATA_DIR: '/mnt/efs/egg', EGG_PARTITIONS: '8', EGG_FILE_LOG_MODE: 'nfs' })).toEqual({
      backend: 'file',
      dataDir: '/mnt/efs/egg',
      partitions: 8,
      fileLogMode: 'nfs',
    });
    expect(loadStorageConfig({ EGG_STORAGE: 'kafka', EGG_PARTITIONS: '12' })).toEqual({ backend: 'kafka', partitions: 12 });
  });

  it('treats blank values as unset', () => {
    expect(loadStorageConfig({ EGG_STORAGE: ' ', DATA_DIR: '', EGG_PARTITIONS: '' }).partitions).toBe(4);
  });

  it.each([
    [{ EGG_STORAGE: 'postgres' }, 'EGG_STORAGE'],
    [{ EGG_PARTITIONS: 'four' }, 'EGG_PARTITIONS'],
    [{ EGG_FILE_LOG_MODE: 'NFS4' }, 'EGG_FILE_LOG_MODE'],
    [{ EGG_PARTITIONS: '0' }, 'EGG_PARTITIONS'],
    [{ EGG_PARTITIONS: '2.5' }, 'EGG_PARTITIONS'],
    [{ EGG_PARTITIONS: '-3' }, 'EGG_PARTITIONS'],
    [{ EGG_STORAGE: 'kafka', EGG_PARTITIONS: '99999' }, 'EGG_PARTITIONS'],
  ])('names the bad variable in %j', (env, variable) => {
    let error: unknown;
    try {
      loadStorageConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageConfigError);
    expect((error as StorageConfigError).variable).toBe(variable);
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `));
  });
});
