/**
 * The file log's lock under the faults a writer on EFS meets (libs/storage/file-log/FAILURE-MODES.md):
 * a writer stopped while it holds the lock, or with its record written but not yet sent (held in
 * its client cache), for longer than the lock's staleness limit while others go on writing; a
 * writer killed in the middle of an append; an fsync that fails. On the EFS model, whose client
 * cache per process sends a stopped writer's record only when it wakes and fsyncs, and on local
 * disk in NFS mode. After each: every acknowledged write reads back exactly once where it was
 * acknowledged, the log verifies (checksums, index) and every acknowledged record's merkle proof
 * holds; the woken writer got an error or a write that is really there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileEventLog, verifyProof } from '@egg/storage-file-log';
import { fileLogOptions } from '@egg/storage-runtime';
import { mountEfsModel } from './mount.ts';

/** Far below the 5 s default, so a stop "longer than the staleness limit" is short. */
const STALE_MS = 300;
const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fault-writer.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Writer {
  tag: string;
  child: ChildProcess;
  acks: { seq: number; partition: number; offset: number }[];
  errors: { seq: number; name: string }[];
  /** Lines printed so far (acks and errors). */
  lines: () => number;
  exited: Promise<void>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function startWriter(dir: string, tag: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, tag], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, FAULT_STALE_MS: String(STALE_MS) },
  });
  children.push(child);
  const writer: Writer = { tag, child, acks: [], errors: [], lines: () => writer.acks.length + writer.errors.length, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const [kind, , seq, a, b] = line.split(' ');
      if (kind === 'ack') writer.acks.push({ seq: Number(seq), partition: Number(a), offset: Number(b) });
      else if (kind === 'err') writer.errors.push({ seq: Number(seq), name: a });
    }
  });
  return writer;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 6000) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

/** Stops every writer (the killed ones are gone already) and checks the log against what they were told. */
async function checkLog(dir: string, writers: Writer[]): Promise<void> {
  for (const w of writers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.stdin!.end('stop\n');
  await Promise.all(writers.map((w) => w.exited));
  const log = await FileEventLog.open(dir, fileLogOptions('nfs'));
  try {
    const records = await log.read('faults', 0, 0, 1e9);
    const stored = records.map((r) => JSON.parse(r.value.toString()) as { tag: string; seq: number });
    const acked = writers.flatMap((w) => w.acks.map((a) => ({ ...a, tag: w.tag })));
    expect(acked.length).toBeGreaterThan(0);
    for (const ack of acked) expect(stored[ack.offset]).toEqual({ tag: ack.tag, seq: ack.seq });
    const copies = new Map<string, number>();
    for (const r of stored) copies.set(`${r.tag}:${r.seq}`, (copies.get(`${r.tag}:${r.seq}`) ?? 0) + 1);
    expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
    expect(await log.verify('faults')).toEqual({ ok: true, records: records.length });
    const root = await log.merkleRoot('faults', 0);
    for (const ack of acked) expect(verifyProof(await log.proof('faults', 0, ack.offset), root)).toBe(true);
  } finally {
    await log.close();
  }
}

/** Three writers on one partition, warmed up: the victim and two others. */
async function threeWriters(dir: string): Promise<{ victim: Writer; others: Writer[] }> {
  const [victim, ...others] = ['victim', 'a', 'b'].map((tag) => startWriter(dir, tag));
  await until(() => [victim, ...others].every((w) => w.acks.length >= 3), 'every writer to append');
  return { victim, others };
}

const ackedBy = (writers: Writer[]) => writers.reduce((n, w) => n + w.acks.length, 0);

/** The others took the lock over and fenced the victim: the segment it could still write was sealed. */
const sealed = (dir: string) => fs.readdirSync(path.join(dir, 'topics', 'faults', '0')).filter((name) => /^seal\.\d+$/.test(name));

/** The victim's failed appends failed because its lock was taken over, nothing else. */
const onlyFenced = (victim: Writer) => expect(new Set(victim.errors.map((e) => e.name))).toEqual(new Set(victim.errors.length ? ['LockLostError'] : []));

const model = await mountEfsModel();
const onModel = () => fs.mkdtempSync(path.join(model.dir, 'faults-'));
afterAll(() => model.unmount());

describe('on the EFS model (a client cache per process), NFS mode', () => {
  /**
   * `op` of the victim's next append stalls for longer than the staleness limit, and the victim is
   * stopped and continued around it: the others break its lock and write on meanwhile.
   */
  async function stalled(op: 'open' | 'write' | 'fsync', file: 'index' | 'log') {
    const dir = onModel();
    const { victim, others } = await threeWriters(dir);
    const stalls = model.counters().stalled;
    model.stall(victim.child.pid!, op, 4 * STALE_MS, file);
    // Should it write the taker's new segment after all, its record reaches the server late, over the others' records.
    model.stall(victim.child.pid!, 'fsync', 4 * STALE_MS, 'log.1');
    await until(() => model.counters().stalled > stalls, 'the victim to stall');
    victim.child.kill('SIGSTOP');
    const before = ackedBy(others);
    const victimLines = victim.lines();
    await until(() => ackedBy(others) > before + 3, 'the others to break the lock and write on');
    victim.child.kill('SIGCONT');
    await until(() => victim.lines() > victimLines, 'the victim to answer its stalled append');
    await until(() => victim.acks.length > 0 && ackedBy(others) > before + 10, 'everyone to write on after');
    await checkLog(dir, [victim, ...others]);
    expect(sealed(dir).length).toBeGreaterThan(0);
    onlyFenced(victim);
  }

  it('a writer stopped holding the lock, before its record is written, longer than the staleness limit', () => stalled('write', 'log'), 60_000);

  it('a writer stopped mid-record (written, not yet sent by its fsync) longer than the staleness limit', () => stalled('fsync', 'log'), 60_000);

  it('a writer stopped between taking the lock and looking at the log (it wakes to a sealed segment and a new one)', () => stalled('open', 'index'), 60_000);

  it('a writer killed in the middle of an append', async () => {
    const dir = onModel();
    const { victim, others } = await threeWriters(dir);
    const stalls = model.counters().stalled;
    model.stall(victim.child.pid!, 'fsync', 4 * STALE_MS, 'log');
    await until(() => model.counters().stalled > stalls, 'the victim to stall in its fsync');
    victim.child.kill('SIGKILL');
    await victim.exited;
    const before = ackedBy(others);
    await until(() => ackedBy(others) > before + 10, 'the others to write on');
    await checkLog(dir, [victim, ...others]);
  }, 60_000);

  it('an fsync that fails with EIO: that append fails, nothing acknowledged is lost', async () => {
    const dir = onModel();
    const { victim, others } = await threeWriters(dir);
    model.failNextFsync(victim.child.pid!);
    await until(() => victim.errors.length > 0, 'the victim to see its fsync fail');
    const failed = victim.errors[0].seq;
    const before = ackedBy([victim, ...others]);
    await until(() => ackedBy([victim, ...others]) > before + 10, 'everyone to write on');
    expect(victim.acks.map((a) => a.seq)).not.toContain(failed);
    await checkLog(dir, [victim, ...others]);
  }, 60_000);
});

describe('on local disk, NFS mode', () => {
  /** Stops the victim until it is caught holding the lock (its token in locks/), leaving it stopped. */
  async function stopHolding(dir: string, victim: Writer): Promise<void> {
    const locks = path.join(dir, 'topics', 'faults', 'locks', '0');
    for (let attempt = 0; ; attempt++) {
      victim.child.kill('SIGSTOP');
      await sleep(2);
      if (fs.readdirSync(locks).some((name) => name.includes(`.${victim.child.pid}.`))) return;
      victim.child.kill('SIGCONT');
      if (attempt > 2000) throw new Error('never caught the victim holding the lock');
      await sleep(Math.random() * 3);
    }
  }

  const local = () => fs.mkdtempSync(path.join(os.tmpdir(), 'egg-faults-'));

  it('a writer stopped holding the lock longer than the staleness limit', async () => {
    const dir = local();
    const { victim, others } = await threeWriters(dir);
    await stopHolding(dir, victim);
    const before = ackedBy(others);
    const victimLines = victim.lines();
    await until(() => ackedBy(others) > before + 3, 'the others to break the lock and write on');
    victim.child.kill('SIGCONT');
    await until(() => victim.lines() > victimLines + 2, 'the victim to write on');
    await checkLog(dir, [victim, ...others]);
    expect(sealed(dir).length).toBeGreaterThan(0);
    onlyFenced(victim);
  }, 60_000);

  it('a writer killed holding the lock', async () => {
    const dir = local();
    const { victim, others } = await threeWriters(dir);
    await stopHolding(dir, victim);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const before = ackedBy(others);
    await until(() => ackedBy(others) > before + 10, 'the others to write on');
    await checkLog(dir, [victim, ...others]);
    expect(sealed(dir).length).toBeGreaterThan(0);
  }, 60_000);
});
