/** Small files written so that a crash leaves the old content or the new, never a mix. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeDurably(file: string, data: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file so that readers see the old content or the new, never a mix, and it survives a crash. */
export function writeAtomic(file: string, data: Buffer): void {
  const temp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  writeDurably(temp, data);
  fs.renameSync(temp, file);
  fsyncDir(path.dirname(file));
}
