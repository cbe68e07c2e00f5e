import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeConformance } from '@egg/storage-conformance';
import { FileEventLog } from '@egg/storage-file-log';
import { loadStorageConfig, openEventLog } from '@egg/storage-config';
import { EfsModelUnavailableError, checkFuse } from './build.ts';
import { mountEfsModel, withEfsModel } from './mount.ts';

const elapsedMs = (fn: () => void): number => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

describe('the EFS model', () => {
  it('passes files through to the backing directory and adds at least the configured latency to fsync, fdatasync and rename', async () => {
    const latencies = { fsyncUs: 30_000, renameUs: 20_000 };
    await withEfsModel(
      async (model) => {
        expect(fs.statfsSync(model.dir).type).toBe(0x65735546); // FUSE, so the file log must be told it is NFS
        const file = path.join(model.dir, 'f');
        const fd = fs.openSync(file, 'w');
        try {
          for (let i = 0; i < 3; i++) {
            fs.writeSync(fd, Buffer.from(`record ${i}\n`));
            expect(elapsedMs(() => fs.fdatasyncSync(fd))).toBeGreaterThanOrEqual(30);
            expect(elapsedMs(() => fs.fsyncSync(fd))).toBeGreaterThanOrEqual(30);
          }
        } finally {
          fs.closeSync(fd);
        }
        expect(elapsedMs(() => fs.renameSync(file, path.join(model.dir, 'g')))).toBeGreaterThanOrEqual(20);
        expect(fs.readFileSync(path.join(model.backing, 'g'), 'utf8')).toBe('record 0\nrecord 1\nrecord 2\n');
      },
      { latencies },
    );
  });

  it('keeps a process’s writes to itself until its fsync or close; fails an fsync and stalls an operation of the process named', async () => {
    await withEfsModel(async (model) => {
      const file = path.join(model.dir, 'f');
      fs.writeFileSync(file, 'server');
      const other = () => execFileSync('cat', [file], { encoding: 'utf8' });
      const fd = fs.openSync(file, 'r+');
      try {
        fs.writeSync(fd, Buffer.from('MINE'), 0, 4, 0);
        expect(fs.readFileSync(file, 'utf8')).toBe('MINEer');
        expect(other()).toBe('server');
        fs.fdatasyncSync(fd);
        expect(other()).toBe('MINEer');
        model.failNextFsync(process.pid);
        fs.writeSync(fd, Buffer.from('LOST'), 0, 4, 0);
        expect(() => fs.fdatasyncSync(fd)).toThrow(/EIO/);
        expect(other()).toBe('MINEer');
        const stalls = model.counters().stalled;
        model.stall(process.pid, 'fsync', 1, 'f');
        fs.fdatasyncSync(fd);
        expect(model.counters()).toMatchObject({ stalled: stalls + 1, failed_fsyncs: 1 });
      } finally {
        fs.closeSync(fd);
      }
      fs.writeFileSync(path.join(model.dir, 'g'), 'closed');
      expect(execFileSync('cat', [path.join(model.dir, 'g')], { encoding: 'utf8' })).toBe('closed');
    });
  });

  it('unmounts and removes its directories when done', async () => {
    const model = await mountEfsModel();
    await model.unmount();
    expect([fs.existsSync(model.dir), fs.existsSync(model.backing)]).toEqual([false, false]);
  });

  it('says what is missing when its tools are not installed', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => checkFuse()).toThrow(EfsModelUnavailableError);
      expect(() => checkFuse()).toThrow(/fusermount3 not found .*apt-get install/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

const model = await mountEfsModel();
afterAll(() => model.unmount());

describe('the file log on the EFS model, NFS mode forced', () => {
  it('keeps every acknowledged write of three writer processes on one topic, once, in place', async () => {
    const dir = fs.mkdtempSync(path.join(model.dir, 'writers-'));
    const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-writer.ts');
    const acks = (
      await Promise.all(
        ['a', 'b', 'c'].map((tag) => {
          const child = fork(writer, [dir, tag, '30'], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...model.env } });
          return new Promise<{ tag: string; seq: number; partition: number; offset: number }[]>((resolve, reject) => {
            child.once('message', (m) => resolve(m as never));
            child.once('exit', (code) => code && reject(new Error(`writer ${tag} exited ${code}`)));
          });
        }),
      )
    ).flat();
    const log = await openEventLog(loadStorageConfig({ ...model.env, DATA_DIR: dir }));
    try {
      const stored = await Promise.all([0, 1].map((p) => log.read('shared', p, 0, 1000)));
      expect(acks).toHaveLength(90);
      expect(stored.flat()).toHaveLength(90);
      for (const ack of acks) expect(JSON.parse(stored[ack.partition][ack.offset].value.toString())).toEqual({ tag: ack.tag, seq: ack.seq });
      expect(await (log as FileEventLog).verify('shared')).toEqual({ ok: true, records: 90 });
    } finally {
      await log.close();
    }
  }, 60_000);
});

describeConformance('file log on the EFS model, NFS mode forced by EGG_FILE_LOG_MODE=nfs', async () => {
  const dir = fs.mkdtempSync(path.join(model.dir, 'conformance-'));
  const log = await openEventLog(loadStorageConfig({ ...model.env, DATA_DIR: dir }));
  if ((log as FileEventLog).sharedPageCache) throw new Error('EGG_FILE_LOG_MODE=nfs did not reach the file log');
  return { log, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});
