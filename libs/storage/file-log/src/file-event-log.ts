/**
 * The embedded event log: Kafka's model on plain files, for a laptop's disk and for EFS.
 *
 * <root>/topics/<topic>/meta.json            partition count and layout, written once
 * <root>/topics/<topic>/locks/<p>            one partition's write lock (see lock.ts)
 * <root>/topics/<topic>/<p>/{log,index}      one partition (see partition-files.ts)
 * <root>/topics/<topic>/groups/<group>/<p>   a consumer group's committed offset of one partition
 * <root>/topics/<topic>/snapshots/<name>     derived state for cold starts
 * <root>/incoming/<random>/                  a topic being built, renamed into topics/ whole
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  UnknownTopicError,
  partitionForKey,
  type EventInput,
  type EventLog,
  type LogRecord,
  type PartitionOffset,
  type RecordPosition,
  type SnapshotStore,
  type TopicSpec,
  type WithSnapshots,
} from '@egg/storage-core';
import { buildProof, merkleRoot, type InclusionProof } from './merkle.ts';
import { TopicLeases } from './lease.ts';
import { PartitionFiles, type NewRecord, type StoredRecord } from './partition-files.ts';

export interface FileEventLogOptions {
  /** fsync before acknowledging; only tests of non-durability concerns turn it off. */
  fsync?: boolean;
  /**
   * Whether every process using the log shares one page cache (one kernel). Detected:
   * true on local filesystems, false on NFS (EFS), where each client caches its own writes.
   */
  sharedPageCache?: boolean;
}

const NFS_SUPER_MAGIC = 0x6969;
/** meta.json's layout: 2 keeps the lock tokens in locks/; topics without it have them beside each log. */
const LAYOUT = 2;

interface TopicMeta {
  partitions: number;
  layout?: number;
}

export type VerifyResult = { ok: true; records: number } | { ok: false; partition: number; offset: number; reason: string };

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeDurably(file: string, data: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file so that readers see the old content or the new, never a mix, and it survives a crash. */
function writeAtomic(file: string, data: Buffer): void {
  const temp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  writeDurably(temp, data);
  fs.renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

export class FileEventLog implements EventLog, WithSnapshots {
  private readonly partitionsOf = new Map<string, PartitionFiles[]>();
  /** The last append queued per partition, while one is. */
  private readonly queues = new Map<PartitionFiles, Promise<void>>();
  private readonly leases: TopicLeases[] = [];
  private leaseRelease?: NodeJS.Immediate;

  private constructor(
    readonly root: string,
    private readonly fsync: boolean,
    readonly sharedPageCache: boolean,
  ) {}

  static async open(root: string, options: FileEventLogOptions = {}): Promise<FileEventLog> {
    for (const sub of ['topics', 'incoming']) fs.mkdirSync(path.join(root, sub), { recursive: true });
    const shared = options.sharedPageCache ?? fs.statfsSync(root).type !== NFS_SUPER_MAGIC;
    return new FileEventLog(path.resolve(root), options.fsync ?? true, shared);
  }

  private topicDir(topic: string): string {
    return path.join(this.root, 'topics', encodeURIComponent(topic));
  }

  /**
   * Builds the whole topic under a private name in `incoming/` and publishes it with one
   * rename: racing creators agree on one, a crash leaves no half topic, and each partition's
   * lock token is created exactly once, here (minting one later would need a directory listing
   * that NFS may serve from a stale cache, and could make a second token while one is held).
   *
   * The tokens live in `locks/`, created before the partitions' files: a lock is two renames
   * per append, and on ext4 without a journal an fdatasync also writes the data file's
   * inode-table block whenever any inode in it changed. Tokens created beside each log share
   * its block and cost every append one more disk write (measured: 3 writes, not 2).
   */
  async createTopic(topic: string, spec: TopicSpec): Promise<void> {
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) throw new Error('partitions must be an integer ≥ 1');
    const dir = this.topicDir(topic);
    if (fs.existsSync(path.join(dir, 'meta.json'))) return;
    const temp = path.join(this.root, 'incoming', randomBytes(8).toString('hex'));
    fs.mkdirSync(path.join(temp, 'locks'), { recursive: true });
    for (let p = 0; p < spec.partitions; p++) fs.closeSync(fs.openSync(path.join(temp, 'locks', String(p)), 'wx'));
    TopicLeases.create(path.join(temp, 'locks', 'wants'), spec.partitions);
    for (const sub of ['groups', 'snapshots']) fs.mkdirSync(path.join(temp, sub));
    for (let p = 0; p < spec.partitions; p++) PartitionFiles.create(path.join(temp, String(p)));
    const meta: TopicMeta = { partitions: spec.partitions, layout: LAYOUT };
    writeDurably(path.join(temp, 'meta.json'), Buffer.from(JSON.stringify(meta)));
    for (const sub of ['locks', ...Array.from({ length: spec.partitions }, (_, p) => String(p))]) fsyncDir(path.join(temp, sub));
    fsyncDir(temp);
    try {
      fs.renameSync(temp, dir);
      fsyncDir(path.dirname(dir));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      fs.rmSync(temp, { recursive: true, force: true }); // another creator won
    }
  }

  private partitionFiles(topic: string): PartitionFiles[] {
    let files = this.partitionsOf.get(topic);
    if (!files) {
      const dir = this.topicDir(topic);
      let meta: TopicMeta;
      try {
        meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UnknownTopicError(topic);
        throw error;
      }
      const current = meta.layout === LAYOUT;
      const leases =
        current && this.sharedPageCache
          ? new TopicLeases(path.join(dir, 'locks', 'wants'), meta.partitions, () => this.releaseLeasesSoon())
          : undefined;
      if (leases) this.leases.push(leases);
      const options = { fsync: this.fsync, sharedPageCache: this.sharedPageCache, leases };
      files = Array.from({ length: meta.partitions }, (_, p) => {
        // Topics written before the locks/ directory keep their token beside the log.
        const lock = current ? path.join(dir, 'locks', String(p)) : path.join(dir, String(p), 'lock');
        return new PartitionFiles(path.join(dir, String(p)), lock, topic, p, options);
      });
      this.partitionsOf.set(topic, files);
    }
    return files;
  }

  private partition(topic: string, partition: number): PartitionFiles {
    const files = this.partitionFiles(topic);
    if (!Number.isInteger(partition) || partition < 0 || partition >= files.length) {
      throw new RangeError(`topic ${topic} has no partition ${partition}`);
    }
    return files[partition];
  }

  async partitionCount(topic: string): Promise<number> {
    return this.partitionFiles(topic).length;
  }

  async partitionFor(topic: string, key: string): Promise<number> {
    return partitionForKey(key, this.partitionFiles(topic).length);
  }

  async append(topic: string, event: EventInput): Promise<RecordPosition> {
    return (await this.appendBatch(topic, [event]))[0];
  }

  async appendBatch(topic: string, events: EventInput[]): Promise<RecordPosition[]> {
    const files = this.partitionFiles(topic);
    const byPartition = new Map<number, number[]>();
    events.forEach((event, i) => {
      const p = partitionForKey(event.key, files.length);
      const indexes = byPartition.get(p);
      if (indexes) indexes.push(i);
      else byPartition.set(p, [i]);
    });
    const positions: RecordPosition[] = new Array(events.length);
    const now = Date.now();
    for (const [p, indexes] of byPartition) {
      const records = indexes.map((i) => ({ key: events[i].key, value: events[i].value, timestamp: events[i].timestamp ?? now }));
      const appended = this.appendTo(files[p], records);
      const stored = appended instanceof Promise ? await appended : appended;
      stored.forEach((record, j) => {
        positions[indexes[j]] = { topic, partition: p, offset: record.offset, hash: record.hash.toString('hex') };
      });
    }
    return positions;
  }

  /**
   * Appends to one partition one batch at a time in this process, so the file lock is contended
   * only between processes. With nothing queued and the lock free it runs synchronously.
   */
  private appendTo(files: PartitionFiles, records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    const queued = this.queues.get(files);
    const run = queued ? queued.then(() => files.append(records)) : files.append(records);
    if (!(run instanceof Promise)) return run;
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(files, settled);
    void settled.then(() => {
      if (this.queues.get(files) === settled) this.queues.delete(files);
    });
    return run;
  }

  /** Leases last until this process's event loop turns: once its current work is done. */
  private releaseLeasesSoon(): void {
    this.leaseRelease ??= setImmediate(() => this.releaseLeases());
  }

  private releaseLeases(): void {
    if (this.leaseRelease) clearImmediate(this.leaseRelease);
    this.leaseRelease = undefined;
    for (const leases of this.leases) leases.releaseAll();
  }

  async read(topic: string, partition: number, offset: number, max = 500): Promise<LogRecord[]> {
    // What a reader does with records (a catch-up, a snapshot) can hold the event loop for long.
    this.releaseLeases();
    return this.partition(topic, partition)
      .read(offset, max)
      .map((r) => ({ topic, partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, hash: r.hash.toString('hex') }));
  }

  async highWatermark(topic: string, partition: number): Promise<number> {
    return this.partition(topic, partition).highWatermark();
  }

  /**
   * One file per group and partition, each replaced atomically: members committing different
   * partitions need no lock and cannot undo each other; the last commit of a partition wins.
   * Files are read by name, never listed (an NFS client may serve a stale directory listing).
   */
  private groupDir(group: string, topic: string): string {
    this.partitionFiles(topic);
    return path.join(this.topicDir(topic), 'groups', encodeURIComponent(group));
  }

  async commitOffsets(group: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    const dir = this.groupDir(group, topic);
    fs.mkdirSync(dir, { recursive: true });
    for (const o of offsets) {
      this.partition(topic, o.partition);
      if (!Number.isInteger(o.offset) || o.offset < 0) throw new RangeError(`invalid offset ${o.offset}`);
      writeAtomic(path.join(dir, String(o.partition)), Buffer.from(String(o.offset)));
    }
  }

  async fetchOffsets(group: string, topic: string): Promise<PartitionOffset[]> {
    const dir = this.groupDir(group, topic);
    const out: PartitionOffset[] = [];
    for (let partition = 0; partition < this.partitionFiles(topic).length; partition++) {
      try {
        out.push({ partition, offset: Number(fs.readFileSync(path.join(dir, String(partition)), 'utf8')) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return out;
  }

  readonly snapshots: SnapshotStore = {
    load: async (topic, name) => {
      try {
        return fs.readFileSync(path.join(this.topicDir(topic), 'snapshots', encodeURIComponent(name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    save: async (topic, name, data) => {
      this.partitionFiles(topic);
      writeAtomic(path.join(this.topicDir(topic), 'snapshots', encodeURIComponent(name)), data);
    },
  };

  /** The partition's merkle root (hex) over its records so far. */
  async merkleRoot(topic: string, partition: number): Promise<string> {
    return merkleRoot(this.partition(topic, partition).entries().map((e) => e.hash)).toString('hex');
  }

  /** An inclusion proof of one record against the partition's current root. */
  async proof(topic: string, partition: number, offset: number): Promise<InclusionProof> {
    const hashes = this.partition(topic, partition).entries().map((e) => e.hash);
    if (offset < 0 || offset >= hashes.length) throw new RangeError(`no record at ${topic}/${partition}@${offset}`);
    const { path: siblings, root } = buildProof(hashes, offset);
    return {
      topic,
      partition,
      offset,
      recordHash: hashes[offset].toString('hex'),
      treeSize: hashes.length,
      path: siblings.map((h) => h.toString('hex')),
      root: root.toString('hex'),
    };
  }

  /** Checks every record of every partition; names the first offset that fails. */
  async verify(topic: string): Promise<VerifyResult> {
    let records = 0;
    for (const [partition, files] of this.partitionFiles(topic).entries()) {
      const failure = files.verify();
      if (failure) return { ok: false, partition, ...failure };
      records += files.highWatermark();
    }
    return { ok: true, records };
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.values());
    this.releaseLeases();
    for (const leases of this.leases) leases.close();
    for (const files of this.partitionsOf.values()) for (const f of files) f.close();
  }
}
