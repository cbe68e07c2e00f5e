/**
 * Taking a stale lock over: the taker seals the segment the stalled holder may still write and
 * goes on in a new one (src/partition/seal.ts). The stalled holder is a token renamed by hand
 * here; the EFS model's fault tests (tools/efs-model/faults.test.ts) do it with real processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileEventLog } from '../src/index.ts';
import { INDEX_ENTRY, decodeIndexEntry, encodeRecord, setRecordOffset } from '../src/format.ts';
import { heldName } from '../src/lock.ts';
import { parse, partitionDir, tempDir, value } from './helpers.ts';

const NFS = { sharedPageCache: false, lockStaleMs: 50 };

async function threeRecordsAndAStalledHolder() {
  const dir = tempDir();
  const log = await FileEventLog.open(dir, NFS);
  await log.createTopic('t', { partitions: 1 });
  for (let i = 0; i < 3; i++) await log.append('t', { key: 'k', value: value(i) });
  const p = partitionDir(dir, 't', 0);
  const lock = path.join(path.dirname(p), 'locks', '0', 'lock');
  // A holder on another machine takes the lock and stalls.
  const stalled = heldName(lock, 'feedfacefeedface', 1, 'x', 0);
  fs.renameSync(lock, stalled);
  return { dir, log, p, lock, stalled };
}

/** The stalled holder wakes and writes its record where it found the end of segment 0. */
function lateRecord(p: string, offset: number): void {
  const index = fs.readFileSync(path.join(p, 'index'));
  const last = decodeIndexEntry(index, (offset - 1) * INDEX_ENTRY)!;
  const record = encodeRecord('k', value('late'), Date.now());
  setRecordOffset(record, offset);
  const fd = fs.openSync(path.join(p, 'log'), 'r+');
  fs.writeSync(fd, record.bytes, 0, record.bytes.length, last.position + 48 + last.length);
  fs.closeSync(fd);
}

const values = async (log: FileEventLog) => (await log.read('t', 0, 0, 1000)).map((r) => parse(r.value));

describe('taking a stale lock over', () => {
  it('seals the stalled holder’s segment and goes on in a new one; its late record is never read, its release refused', async () => {
    const { dir, log, p, lock, stalled } = await threeRecordsAndAStalledHolder();
    expect((await log.append('t', { key: 'k', value: value('taker') })).offset).toBe(3);
    expect(JSON.parse(fs.readFileSync(path.join(p, 'seal.0'), 'utf8'))).toMatchObject({ count: 3 });
    expect(fs.existsSync(path.join(p, 'log.1'))).toBe(true);
    lateRecord(p, 3);
    expect(() => fs.renameSync(stalled, lock)).toThrow(/ENOENT/); // the stalled holder's release: refused
    expect((await log.append('t', { key: 'k', value: value('after') })).offset).toBe(4);
    for (const reader of [log, await FileEventLog.open(dir, NFS), await FileEventLog.open(dir)]) {
      expect(await values(reader)).toEqual([0, 1, 2, 'taker', 'after']);
      expect(await reader.highWatermark('t', 0)).toBe(5);
      expect(await reader.verify('t')).toEqual({ ok: true, records: 5 });
      expect((await reader.read('t', 0, 3, 1))[0].offset).toBe(3);
    }
  });

  it('adopts a seal another taker published, and then seals the next segment too (that taker may be writing it)', async () => {
    const { dir, log, p } = await threeRecordsAndAStalledHolder();
    // Another taker won the seal of segment 0 and stalled before writing anything else.
    const end = fs.readFileSync(path.join(p, 'index')).subarray(2 * INDEX_ENTRY, 3 * INDEX_ENTRY);
    const last = decodeIndexEntry(end, 0)!;
    fs.writeFileSync(path.join(p, 'seal.0'), JSON.stringify({ count: 3, length: last.position + 48 + last.length }));
    expect((await log.append('t', { key: 'k', value: value('taker') })).offset).toBe(3);
    expect(JSON.parse(fs.readFileSync(path.join(p, 'seal.1'), 'utf8'))).toEqual({ count: 0, length: 0 });
    expect(fs.existsSync(path.join(p, 'log.2'))).toBe(true);
    const cold = await FileEventLog.open(dir, NFS);
    expect(await values(cold)).toEqual([0, 1, 2, 'taker']);
    expect(await cold.verify('t')).toEqual({ ok: true, records: 4 });
    expect((await cold.proof('t', 0, 3)).treeSize).toBe(4);
  });
});
