/**
 * The functions log JSON through Powertools, as on Lambda. For a person at `npm start` the stack
 * renders each line compactly: `12:00:01.234 POST /farm/api 201 4ms farm`; `LOG_FORMAT=json`
 * passes the lines through as they are.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT, read once at start-up: `pretty` (default) or `json`. */
export function logFormatFrom(env: NodeJS.ProcessEnv): LogFormat {
  const raw = env.LOG_FORMAT;
  if (raw === undefined || raw === '' || raw === 'pretty') return 'pretty';
  if (raw === 'json') return 'json';
  throw new Error(`LOG_FORMAT must be pretty or json, got "${raw}"`);
}

/** Keys Powertools puts on every line (and `error`, shown as a stack): shown by place, or not at all. */
const STANDARD = new Set([
  'level', 'message', 'timestamp', 'service', 'cold_start', 'function_name', 'function_memory_size',
  'function_arn', 'function_request_id', 'xray_trace_id', 'sampling_rate', 'error',
]);

type Entry = Record<string, unknown>;

const clock = (timestamp: unknown): string => {
  const date = typeof timestamp === 'string' ? new Date(timestamp) : new Date();
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().slice(11, 23);
};

const isRequest = (entry: Entry): boolean =>
  entry.message === 'request' && typeof entry.method === 'string' && typeof entry.path === 'string';

/** An error Powertools logged (`{ name, message, stack }`) as its stack, indented under the line. */
function errorLines(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return error === undefined ? [] : [`  ${String(error)}`];
  const { stack, name, message } = error as { stack?: unknown; name?: unknown; message?: unknown };
  const text = typeof stack === 'string' ? stack : `${String(name)}: ${String(message)}`;
  return text.split('\n').map((line) => `  ${line.trim()}`);
}

/** One line of one function's output, for people. Lines that are not Powertools JSON pass as they are. */
export function renderLine(fn: string, line: string): string {
  let entry: Entry;
  try {
    entry = JSON.parse(line) as Entry;
  } catch {
    return `${fn}: ${line}`;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.level !== 'string') return `${fn}: ${line}`;
  const time = clock(entry.timestamp);
  if (isRequest(entry)) return `${time} ${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms ${fn}`;
  const extra = Object.entries(entry)
    .filter(([key]) => !STANDARD.has(key))
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
  return [`${time} ${entry.level} ${fn} ${String(entry.message)}${extra}`, ...errorLines(entry.error)].join('\n');
}

/** Renders a function's output stream line by line onto one of ours. */
export function renderStream(fn: string, from: Readable, to: Writable): void {
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${renderLine(fn, line)}\n`));
}
