/**
 * Builds mock-broker.c with gcc against Debian's librdkafka-dev, once per version of the
 * source (the binary's name carries the source's hash), into node_modules/.cache.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, '..', 'mock-broker.c');
const cacheDir = path.join(here, '../../../../node_modules/.cache/egg-kafka-test-broker');

export function mockBrokerBinary(): string {
  const text = fs.readFileSync(source);
  const binary = path.join(cacheDir, `mock-broker-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', partial, source, '-lrdkafka'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message);
    throw new Error(`cannot build the Kafka test broker (needs gcc and librdkafka-dev: apt-get install -y gcc librdkafka-dev):\n${stderr}`);
  }
  fs.renameSync(partial, binary); // racing builders each publish a whole binary
  return binary;
}
