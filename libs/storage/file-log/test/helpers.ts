import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileEventLog } from '../src/index.ts';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'egg-file-log-'));
}

export async function openTemp(): Promise<{ dir: string; log: FileEventLog }> {
  const dir = tempDir();
  return { dir, log: await FileEventLog.open(dir) };
}

export const value = (v: unknown) => Buffer.from(JSON.stringify(v));
export const parse = (b: Buffer) => JSON.parse(b.toString()) as Record<string, unknown>;

export function partitionDir(dir: string, topic: string, partition: number): string {
  return path.join(dir, 'topics', encodeURIComponent(topic), String(partition));
}
