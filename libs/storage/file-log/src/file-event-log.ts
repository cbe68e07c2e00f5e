/**
 * The embedded event log: Kafka's model on plain files, for a laptop's disk and for EFS.
 * Each job sits in a file of its own: where topics live and how one is created
 * (topic-layout.ts), one partition's files (partition/), this process's append queues
 * (append-queue.ts) and lock leases (process-leases.ts), consumer groups (groups.ts),
 * snapshots (snapshots.ts), and what the log can prove (integrity.ts).
 */
import fs from 'node:fs';
import {
  partitionForKey,
  StorageUnavailableError,
  UnknownTopicError,
  type RecordInput,
  type EventLog,
  type LogRecord,
  type PartitionOffset,
  type RecordPosition,
  type SnapshotStore,
  type TopicSpec,
  type WithSnapshots,
} from '@egg/storage-core';
import { AppendQueues } from './append-queue.ts';
import { ReadOnlyLogError } from './errors.ts';
import { commitGroupOffsets, fetchGroupOffsets } from './groups.ts';
import { inclusionProof, partitionRoot, verifyTopic, type VerifyResult } from './integrity.ts';
import type { InclusionProof } from './merkle.ts';
import { PartitionFiles } from './partition/partition-files.ts';
import { ProcessLeases } from './process-leases.ts';
import { topicSnapshots } from './snapshots.ts';
import { TopicLayout } from './topic-layout.ts';

export interface FileEventLogOptions {
  /** fsync before acknowledging; only tests of non-durability concerns turn it off. */
  fsync?: boolean;
  /**
   * Whether every process using the log shares one page cache (one kernel). Detected:
   * true on local filesystems, false on NFS (EFS), where each client caches its own writes.
   * False forces the NFS mode where statfs cannot tell (a FUSE model of EFS, say).
   */
  sharedPageCache?: boolean;
  /**
   * Read a log other functions write, on a mount that may allow nothing else (an EFS access
   * point granted ClientMount alone): files are opened for reading, nothing is created, a
   * missing topic is StorageUnavailableError, and writes (appends, commits, snapshots) throw.
   */
  readOnly?: boolean;
  /** How long an append waits for a partition's lock before failing with LockTimeoutError (a 503); 30 s by default. */
  lockWaitMs?: number;
  /** How long a holder may keep a partition's lock before another takes it over and fences it; 5 s by default. */
  lockStaleMs?: number;
}

const NFS_SUPER_MAGIC = 0x6969;

export class FileEventLog implements EventLog, WithSnapshots {
  private readonly partitionsOf = new Map<string, PartitionFiles[]>();
  private readonly queues = new AppendQueues();
  private readonly leases = new ProcessLeases();
  readonly snapshots: SnapshotStore;

  private constructor(
    private readonly layout: TopicLayout,
    private readonly fsync: boolean,
    readonly sharedPageCache: boolean,
    private readonly lock: { lockWaitMs?: number; lockStaleMs?: number },
    readonly readOnly: boolean,
  ) {
    this.snapshots = topicSnapshots(layout, (topic) => {
      this.refuseWrite(`a snapshot of ${topic}`);
      this.partitionFiles(topic);
    });
  }

  static async open(root: string, options: FileEventLogOptions = {}): Promise<FileEventLog> {
    const layout = options.readOnly ? TopicLayout.existing(root) : TopicLayout.prepare(root);
    const shared = options.sharedPageCache ?? fs.statfsSync(root).type !== NFS_SUPER_MAGIC;
    const lock = { lockWaitMs: options.lockWaitMs, lockStaleMs: options.lockStaleMs };
    return new FileEventLog(layout, options.fsync ?? true, shared, lock, options.readOnly ?? false);
  }

  private refuseWrite(what: string): void {
    if (this.readOnly) throw new ReadOnlyLogError(`${what}: this log is open for reading only`);
  }

  get root(): string {
    return this.layout.root;
  }

  async createTopic(topic: string, spec: TopicSpec): Promise<void> {
    if (!this.readOnly) return this.layout.create(topic, spec);
    try {
      this.layout.meta(topic);
    } catch (error) {
      if (!(error instanceof UnknownTopicError)) throw error;
      throw new StorageUnavailableError(`topic ${topic} does not exist yet (its own function creates it when it first opens its log)`);
    }
  }

  private partitionFiles(topic: string): PartitionFiles[] {
    let files = this.partitionsOf.get(topic);
    if (!files) {
      const meta = this.layout.meta(topic);
      const leases = this.sharedPageCache && !this.readOnly ? this.leases.forTopic(this.layout.wantsPath(topic), meta.partitions) : undefined;
      const options = { fsync: this.fsync, sharedPageCache: this.sharedPageCache, leases, ...this.lock, readOnly: this.readOnly };
      files = Array.from(
        { length: meta.partitions },
        (_, p) => new PartitionFiles(this.layout.partitionDir(topic, p), this.layout.lockPath(topic, p), topic, p, options),
      );
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

  async append(topic: string, input: RecordInput): Promise<RecordPosition> {
    return (await this.appendBatch(topic, [input]))[0];
  }

  async appendBatch(topic: string, inputs: RecordInput[]): Promise<RecordPosition[]> {
    this.refuseWrite(`an append to ${topic}`);
    const files = this.partitionFiles(topic);
    const byPartition = new Map<number, number[]>();
    inputs.forEach((input, i) => {
      const p = partitionForKey(input.key, files.length);
      const indexes = byPartition.get(p);
      if (indexes) indexes.push(i);
      else byPartition.set(p, [i]);
    });
    const positions: RecordPosition[] = new Array(inputs.length);
    const now = Date.now();
    for (const [p, indexes] of byPartition) {
      const records = indexes.map((i) => ({ key: inputs[i].key, value: inputs[i].value, timestamp: inputs[i].timestamp ?? now }));
      const appended = this.queues.append(files[p], records);
      const stored = appended instanceof Promise ? await appended : appended;
      stored.forEach((record, j) => {
        positions[indexes[j]] = { topic, partition: p, offset: record.offset, hash: record.hash.toString('hex') };
      });
    }
    return positions;
  }

  async read(topic: string, partition: number, offset: number, max = 500): Promise<LogRecord[]> {
    // What a reader does with records (a catch-up, a snapshot) can hold the event loop for long.
    this.leases.releaseAll();
    return this.partition(topic, partition)
      .read(offset, max)
      .map((r) => ({ topic, partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, hash: r.hash.toString('hex') }));
  }

  async highWatermark(topic: string, partition: number): Promise<number> {
    return this.partition(topic, partition).highWatermark();
  }

  private groupDir(group: string, topic: string): string {
    this.partitionFiles(topic);
    return this.layout.groupDir(topic, group);
  }

  async commitOffsets(group: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    this.refuseWrite(`a commit of ${group} on ${topic}`);
    commitGroupOffsets(this.groupDir(group, topic), offsets, (p) => this.partition(topic, p));
  }

  async fetchOffsets(group: string, topic: string): Promise<PartitionOffset[]> {
    return fetchGroupOffsets(this.groupDir(group, topic), this.partitionFiles(topic).length);
  }

  async merkleRoot(topic: string, partition: number): Promise<string> {
    return partitionRoot(this.partition(topic, partition));
  }

  async proof(topic: string, partition: number, offset: number): Promise<InclusionProof> {
    return inclusionProof(topic, this.partition(topic, partition), offset);
  }

  async verify(topic: string): Promise<VerifyResult> {
    return verifyTopic(this.partitionFiles(topic));
  }

  async close(): Promise<void> {
    await this.queues.drained();
    this.leases.close();
    for (const files of this.partitionsOf.values()) for (const f of files) f.close();
  }
}
