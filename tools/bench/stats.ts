/** Latency summaries: percentiles by the nearest-rank method over one run's samples (ms). */
export interface Latency {
  n: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Latency {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => nearestRank(sorted, p);
  return { n: sorted.length, p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

/** The bench's one percentile (`p` in 0–100): the smallest sample with at least p % of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples for a percentile');
  return nearestRank([...samples].sort((a, b) => a - b), p);
}

const nearestRank = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export const median = (samples: readonly number[]): number => summarize(samples).p50;

/**
 * Runs each named sampler once per round, in an order rotated every round so none always
 * goes first, `warmup` rounds unrecorded and then `rounds` recorded; returns each one's ms.
 */
export async function alternate(
  samplers: Record<string, () => Promise<void> | void>,
  { warmup, rounds }: { warmup: number; rounds: number },
): Promise<Record<string, number[]>> {
  const names = Object.keys(samplers);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const start = performance.now();
      await samplers[name]();
      if (round >= warmup) samples[name].push(performance.now() - start);
    }
  }
  return samples;
}
