/** A partition's two files and the positional reads every job on them shares. */
import fs from 'node:fs';

export const isZero = (buf: Buffer) => buf.every((b) => b === 0);

/** Reads up to buf.length bytes at `position`; returns how many there were. */
export function readInto(fd: number, buf: Buffer, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = fs.readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  return buf.subarray(0, readInto(fd, buf, position));
}

export interface Files {
  readonly log: number;
  readonly index: number;
}

/** Descriptors of a partition's log and index, each opened when first asked for. */
export class OpenFiles implements Files {
  private logFd?: number;
  private indexFd?: number;

  /** `readOnly`: a reader's descriptors, which a mount without write access allows. */
  constructor(
    private readonly logPath: string,
    private readonly indexPath: string,
    private readonly readOnly = false,
  ) {}

  get log(): number {
    return (this.logFd ??= fs.openSync(this.logPath, this.readOnly ? 'r' : 'r+'));
  }

  get index(): number {
    return (this.indexFd ??= fs.openSync(this.indexPath, this.readOnly ? 'r' : 'r+'));
  }

  close(): void {
    for (const fd of [this.indexFd, this.logFd]) if (fd !== undefined) fs.closeSync(fd);
    this.logFd = this.indexFd = undefined;
  }
}
