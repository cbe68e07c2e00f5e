/**
 * A small binary format for index snapshots: numbers in little-endian columns, strings as
 * one UTF-8 block with a column of byte lengths. Decoding 100k entities this way is several
 * times faster than JSON.parse of the same data, and the file is smaller.
 */
export class SnapshotWriter {
  private readonly chunks: Buffer[] = [];

  private column(values: Uint32Array | Float64Array): this {
    const count = Buffer.allocUnsafe(4);
    count.writeUInt32LE(values.length, 0);
    // Typed arrays are in the machine's byte order: little-endian on every target (x86-64, ARM64).
    this.chunks.push(count, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    return this;
  }

  u32s(values: ArrayLike<number>): this {
    return this.column(Uint32Array.from(values));
  }

  f64s(values: ArrayLike<number>): this {
    return this.column(Float64Array.from(values));
  }

  strings(values: string[]): this {
    this.u32s(values.map((s) => Buffer.byteLength(s)));
    const block = Buffer.from(values.join(''));
    this.u32s([block.length]);
    this.chunks.push(block);
    return this;
  }

  /** A nested section the reader can hand back whole, to decode later. */
  bytes(data: Buffer): this {
    this.u32s([data.length]);
    this.chunks.push(data);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Reads what SnapshotWriter wrote, in the same order; throws RangeError on a short buffer. */
export class SnapshotReader {
  private at = 0;

  constructor(private readonly data: Buffer) {}

  private column<T>(size: number, get: (at: number) => T): T[] {
    const n = this.data.readUInt32LE(this.at);
    const start = this.at + 4;
    if (start + n * size > this.data.length) throw new RangeError('snapshot truncated');
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = get(start + i * size);
    this.at = start + n * size;
    return out;
  }

  u32s(): number[] {
    return this.column(4, (at) => this.data.readUInt32LE(at));
  }

  f64s(): number[] {
    return this.column(8, (at) => this.data.readDoubleLE(at));
  }

  strings(): string[] {
    const lengths = this.u32s();
    const [size] = this.u32s();
    if (this.at + size > this.data.length) throw new RangeError('snapshot truncated');
    let at = this.at;
    const out = lengths.map((n) => this.data.toString('utf8', at, (at += n)));
    if (at !== this.at + size) throw new RangeError('snapshot string block mismatch');
    this.at += size;
    return out;
  }

  /** A copy, so the section outlives the (large) snapshot buffer. */
  bytes(): Buffer {
    const [size] = this.u32s();
    if (this.at + size > this.data.length) throw new RangeError('snapshot truncated');
    const out = Buffer.from(this.data.subarray(this.at, this.at + size));
    this.at += size;
    return out;
  }

  get done(): boolean {
    return this.at === this.data.length;
  }
}
