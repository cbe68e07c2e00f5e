/** Test helper: what Powertools loggers write (they use their own console over stdout and stderr). */
import { vi } from 'vitest';

export interface CapturedLogs {
  /** Every stdout line, parsed. */
  out(): Record<string, unknown>[];
  /** Every stderr line, parsed (Powertools writes ERROR and above there). */
  err(): Record<string, unknown>[];
}

/** Spies on stdout and stderr until `vi.restoreAllMocks()`. */
export function captureLogs(): CapturedLogs {
  const streams = { out: [] as string[], err: [] as string[] };
  for (const [key, stream] of [['out', process.stdout], ['err', process.stderr]] as const) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      streams[key].push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { out: () => parsed(streams.out), err: () => parsed(streams.err) };
}
