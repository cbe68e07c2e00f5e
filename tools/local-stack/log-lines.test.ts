import { PassThrough } from 'node:stream';
import { createLogger } from '@egg/shared-logging';
import { captureLogs } from '@egg/shared-testing-logs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logFormatFrom, renderLine, renderStream } from './log-lines.ts';

afterEach(() => vi.restoreAllMocks());

/** Lines as a function's Powertools logger really writes them. */
function powertoolsLines(log: (logger: ReturnType<typeof createLogger>) => void): { out: string[]; err: string[] } {
  const logs = captureLogs();
  log(createLogger('farm'));
  const lines = { out: logs.out().map((e) => JSON.stringify(e)), err: logs.err().map((e) => JSON.stringify(e)) };
  vi.restoreAllMocks();
  return lines;
}

describe('renderLine', () => {
  it('renders a request line as time, method, path, status, ms and function', () => {
    const { out } = powertoolsLines((logger) => logger.info('request', { method: 'POST', path: '/farm/api', status: 201, ms: 4 }));
    expect(renderLine('farm', out[0])).toMatch(/^\d\d:\d\d:\d\d\.\d{3} POST \/farm\/api 201 4ms farm$/);
  });

  it('renders other lines with their level, extra fields and an error stack, indented', () => {
    const { err } = powertoolsLines((logger) => logger.error('resolver failed', { requestId: 'r1', error: new Error('disk on fire') }));
    const [head, ...stack] = renderLine('farm', err[0]).split('\n');
    expect(head).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR farm resolver failed requestId=r1$/);
    expect(stack[0]).toBe('  Error: disk on fire');
    expect(stack[1]).toMatch(/^ {2}at .*log-lines\.test\.ts/);
  });

  it('passes anything else through, named by function', () => {
    expect(renderLine('gateway', '(node:1) Warning: x')).toBe('gateway: (node:1) Warning: x');
    expect(renderLine('gateway', '[1,2]')).toBe('gateway: [1,2]');
  });
});

describe('renderStream', () => {
  it('renders a stream line by line, split chunks included', async () => {
    const from = new PassThrough();
    const to = new PassThrough();
    let written = '';
    to.on('data', (chunk: Buffer) => (written += chunk.toString()));
    renderStream('hen', from, to);
    from.write('{"level":"INFO","message":"request","timestamp":"2026-12-01T09:00:00.123Z","method":"GET",');
    from.end('"path":"/hen/api/1","status":404,"ms":2}\nplain\n');
    await new Promise((resolve) => from.on('end', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe('09:00:00.123 GET /hen/api/1 404 2ms hen\nhen: plain\n');
  });
});

describe('logFormatFrom', () => {
  it('is pretty unless LOG_FORMAT=json, and names a bad value', () => {
    expect(logFormatFrom({})).toBe('pretty');
    expect(logFormatFrom({ LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormatFrom({ LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(() => logFormatFrom({ LOG_FORMAT: 'yaml' })).toThrow('LOG_FORMAT must be pretty or json, got "yaml"');
  });
});
