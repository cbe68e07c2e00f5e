/**
 * Builds the model's C sources with gcc on first use, into dist/efs-model/ under a name that carries
 * the sources' hash (a changed source builds anew; racing builders each rename a whole binary in).
 * Says plainly what is missing when FUSE, the compiler or libfuse3 is not there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBinary } from '@egg/shared-native-build';

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = ['efs-model.c', 'client-cache.c', 'client-cache.h'].map((name) => path.join(here, name));
const OUT_DIR = path.resolve(here, '../../dist/efs-model');
const INSTALL = 'install them with: apt-get install -y gcc pkg-config libfuse3-dev fuse3';

export class EfsModelUnavailableError extends Error {
  constructor(message: string) {
    super(`EFS model unavailable: ${message}`);
    this.name = 'EfsModelUnavailableError';
  }
}

function run(command: string, args: string[], missing: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new EfsModelUnavailableError(`${command} not found (${missing}); ${INSTALL}`);
    throw new EfsModelUnavailableError(`${command} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Checks what mounting needs besides the binary: the FUSE device and fusermount3 (to unmount). */
export function checkFuse(): void {
  if (!fs.existsSync('/dev/fuse')) throw new EfsModelUnavailableError('/dev/fuse does not exist (no FUSE in this kernel or container)');
  run('fusermount3', ['-V'], 'Debian package fuse3');
}

/** The path of the built model, compiling it first if this source has not been built yet. */
export function buildEfsModel(): string {
  return cachedBinary({
    name: 'efs-model',
    sources: SOURCES,
    outDir: OUT_DIR,
    compile: (output) => {
      const flags = run('pkg-config', ['--cflags', '--libs', 'fuse3'], 'pkg-config, with libfuse3-dev for fuse3.pc').trim().split(/\s+/);
      run('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', output, ...SOURCES.filter((s) => s.endsWith('.c')), ...flags], 'Debian package gcc');
    },
  });
}
