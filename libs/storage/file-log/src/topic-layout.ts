/**
 * Where a topic's files live, and how a topic comes to exist:
 *
 * <root>/topics/<topic>/meta.json            partition count and layout number, written once
 * <root>/topics/<topic>/locks/<p>/lock       one partition's write lock (see lock.ts)
 * <root>/topics/<topic>/locks/wants          asks for leased locks (see lease.ts)
 * <root>/topics/<topic>/<p>/{log,index}      one partition (see partition/)
 * <root>/topics/<topic>/groups/<group>/<p>   a consumer group's committed offset of one partition
 * <root>/topics/<topic>/snapshots/<name>     derived state for cold starts
 * <root>/incoming/<random>/                  a topic being built, renamed into topics/ whole
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UnknownTopicError, type TopicSpec } from '@egg/storage-core';
import { fsyncDir, writeDurably } from './durable-files.ts';
import { TopicLeases } from './lease.ts';
import { PartitionFiles } from './partition/partition-files.ts';

/**
 * The one layout this code reads and writes, recorded in meta.json so that a topic written by
 * any other layout is refused with a clear error instead of being misread.
 */
const LAYOUT = 3;

export interface TopicMeta {
  partitions: number;
  layout: number;
}

/** A topic on disk that this code's layout does not describe. */
export class UnsupportedLayoutError extends Error {
  constructor(topic: string, layout: unknown) {
    super(`topic ${topic} has on-disk layout ${JSON.stringify(layout ?? null)}; this log reads layout ${LAYOUT} only (there is no migration: start from an empty data directory)`);
    this.name = 'UnsupportedLayoutError';
  }
}

export class TopicLayout {
  private constructor(readonly root: string) {}

  static prepare(root: string): TopicLayout {
    for (const sub of ['topics', 'incoming']) fs.mkdirSync(path.join(root, sub), { recursive: true });
    return new TopicLayout(path.resolve(root));
  }

  /** The layout of a log someone else writes: nothing is created. */
  static existing(root: string): TopicLayout {
    return new TopicLayout(path.resolve(root));
  }

  dir(topic: string): string {
    return path.join(this.root, 'topics', encodeURIComponent(topic));
  }

  partitionDir(topic: string, partition: number): string {
    return path.join(this.dir(topic), String(partition));
  }

  groupDir(topic: string, group: string): string {
    return path.join(this.dir(topic), 'groups', encodeURIComponent(group));
  }

  snapshotPath(topic: string, name: string): string {
    return path.join(this.dir(topic), 'snapshots', encodeURIComponent(name));
  }

  wantsPath(topic: string): string {
    return path.join(this.dir(topic), 'locks', 'wants');
  }

  lockPath(topic: string, partition: number): string {
    return path.join(this.dir(topic), 'locks', String(partition), 'lock');
  }

  /** The topic's meta.json; UnknownTopicError when it does not exist, UnsupportedLayoutError when it is not this layout. */
  meta(topic: string): TopicMeta {
    let meta: TopicMeta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(this.dir(topic), 'meta.json'), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UnknownTopicError(topic);
      throw error;
    }
    if (meta.layout !== LAYOUT) throw new UnsupportedLayoutError(topic, meta.layout);
    return meta;
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
   * its block and cost every append one more disk write (measured: 3 writes, not 2). Each
   * partition's token has a directory of its own: a rename holds its directory's lock for the
   * whole call (on an NFS client, the round trip), so tokens sharing one directory would make
   * writers of different partitions queue behind each other.
   */
  create(topic: string, spec: TopicSpec): void {
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) throw new Error('partitions must be an integer ≥ 1');
    const dir = this.dir(topic);
    if (fs.existsSync(path.join(dir, 'meta.json'))) return;
    const temp = path.join(this.root, 'incoming', randomBytes(8).toString('hex'));
    fs.mkdirSync(path.join(temp, 'locks'), { recursive: true });
    for (let p = 0; p < spec.partitions; p++) {
      fs.mkdirSync(path.join(temp, 'locks', String(p)));
      fs.closeSync(fs.openSync(path.join(temp, 'locks', String(p), 'lock'), 'wx'));
    }
    TopicLeases.create(path.join(temp, 'locks', 'wants'), spec.partitions);
    for (const sub of ['groups', 'snapshots']) fs.mkdirSync(path.join(temp, sub));
    for (let p = 0; p < spec.partitions; p++) PartitionFiles.create(path.join(temp, String(p)));
    const meta: TopicMeta = { partitions: spec.partitions, layout: LAYOUT };
    writeDurably(path.join(temp, 'meta.json'), Buffer.from(JSON.stringify(meta)));
    const partitions = Array.from({ length: spec.partitions }, (_, p) => String(p));
    for (const sub of ['locks', ...partitions.map((p) => path.join('locks', p)), ...partitions]) fsyncDir(path.join(temp, sub));
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
}
