import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CachedBinary {
  /** The binary's name before its hash: `mock-broker` → `mock-broker-<12 hex>`. */
  name: string;
  /** Every file the binary is built from, headers included: their bytes make the hash. */
  sources: string[];
  outDir: string;
  /** Writes the binary to `output` (throws, naming what is missing, when it cannot). */
  compile: (output: string) => void;
}

/** The path of the binary built from these sources, compiling it first if this version has not been built yet. */
export function cachedBinary({ name, sources, outDir, compile }: CachedBinary): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(fs.readFileSync(source));
  const binary = path.join(outDir, `${name}-${hash.digest('hex').slice(0, 12)}`);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(outDir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    compile(partial);
    fs.renameSync(partial, binary); // racing builders each publish a whole binary
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return binary;
}
