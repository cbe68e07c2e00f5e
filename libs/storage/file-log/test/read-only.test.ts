/**
 * A read-only log (FileEventLogOptions.readOnly) on files it may not write, as a projection
 * function sees its sources through an EFS access point granted ClientMount alone: here the
 * files are made read-only and, when the test runs as root (which ignores file modes), the
 * reader runs with another effective user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '@egg/storage-core';
import { FileEventLog } from '../src/index.ts';
import { openTemp, value } from './helpers.ts';

const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;

function setWritable(dir: string, writable: boolean): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    fs.chmodSync(file, entry.isDirectory() ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
  }
  fs.chmodSync(dir, writable ? 0o755 : 0o555);
}

/** Runs `fn` unable to write `dir`: its modes read-only, and not as root. */
async function withoutWriteAccess<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  setWritable(dir, false);
  if (asRoot) process.seteuid!(NOBODY);
  try {
    return await fn();
  } finally {
    if (asRoot) process.seteuid!(0);
    setWritable(dir, true);
  }
}

describe('FileEventLog, read-only', () => {
  it('reads what a writer appended, and appends made since, without write access to a file', async () => {
    const { log: writer, dir } = await openTemp();
    // mkdtemp makes its directory private to its owner: let the other user in.
    fs.chmodSync(path.dirname(dir), 0o755);
    await writer.createTopic('t', { partitions: 2 });
    await writer.append('t', { key: 'a', value: value({ n: 1 }) });
    const reader = await withoutWriteAccess(dir, () => FileEventLog.open(dir, { readOnly: true }));
    const total = async () => {
      let n = 0;
      for (const p of [0, 1]) n += await reader.highWatermark('t', p);
      return n;
    };
    expect(await withoutWriteAccess(dir, async () => (await reader.createTopic('t', { partitions: 2 }), total()))).toBe(1);
    await writer.append('t', { key: 'b', value: value({ n: 2 }) });
    await writer.append('t', { key: 'c', value: value({ n: 3 }) });
    const records = await withoutWriteAccess(dir, async () => [...(await reader.read('t', 0, 0)), ...(await reader.read('t', 1, 0))]);
    expect(records.map((r) => JSON.parse(r.value.toString()).n).sort()).toEqual([1, 2, 3]);
    await reader.close();
    await writer.close();
  });

  it('creates nothing, says a missing topic is unavailable, and refuses every write', async () => {
    const { log: writer, dir } = await openTemp();
    await writer.createTopic('t', { partitions: 1 });
    const reader = await FileEventLog.open(path.join(dir, 'elsewhere'), { readOnly: true }).catch((error: Error) => error);
    expect(reader).toBeInstanceOf(Error); // statfs of a directory that does not exist: nothing was made to answer it
    expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
    const ro = await FileEventLog.open(dir, { readOnly: true });
    await expect(ro.createTopic('missing', { partitions: 1 })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(fs.existsSync(path.join(dir, 'topics', 'missing'))).toBe(false);
    await expect(ro.append('t', { key: 'k', value: value(1) })).rejects.toThrow(/open for reading only/);
    await expect(ro.commitOffsets('g', 't', [{ partition: 0, offset: 0 }])).rejects.toThrow(/open for reading only/);
    await expect(ro.snapshots.save('t', 'index', Buffer.from('x'))).rejects.toThrow(/open for reading only/);
    expect(await writer.highWatermark('t', 0)).toBe(0);
    await ro.close();
    await writer.close();
  });
});
