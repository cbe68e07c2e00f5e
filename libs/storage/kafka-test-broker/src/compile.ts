/**
 * Builds mock-broker.c with gcc against Debian's librdkafka-dev, once per version of the
 * source (the binary's name carries the source's hash), into node_modules/.cache.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBinary } from '@egg/shared-native-build';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, '..', 'mock-broker.c');
const cacheDir = path.join(here, '../../../../node_modules/.cache/egg-kafka-test-broker');

export function mockBrokerBinary(): string {
  return cachedBinary({
    name: 'mock-broker',
    sources: [source],
    outDir: cacheDir,
    compile: (output) => {
      try {
        execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', output, source, '-lrdkafka'], { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message);
        throw new Error(`cannot build the Kafka test broker (needs gcc and librdkafka-dev: apt-get install -y gcc librdkafka-dev):\n${stderr}`);
      }
    },
  });
}
