import { describe, expect, it } from 'vitest';
import { StorageUnavailableError, WriteOutcomeUnknownError } from '@egg/storage-core';
import { DeadlineError, MissingTopicError, isUnknownTopic, outcomeUnknown, unavailable, within } from '../src/failures.ts';
import { foreignReason } from '../src/records.ts';

describe('bounded calls', () => {
  it('rejects with DeadlineError once the bound passes, and passes results through before', async () => {
    await expect(within(10, new Promise(() => undefined))).rejects.toBeInstanceOf(DeadlineError);
    await expect(within(1000, Promise.resolve(7))).resolves.toBe(7);
  });

  it('names the cause, wrapped or not', () => {
    const cause = Object.assign(new Error('retries exceeded'), { originalError: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const error = unavailable('cannot fetch the high watermarks of topic egg.farm', cause);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error.message).toBe('Kafka unavailable: cannot fetch the high watermarks of topic egg.farm: retries exceeded: connect ECONNREFUSED 127.0.0.1:9');
    expect(unavailable('x', new MissingTopicError('egg.farm'))).toBeInstanceOf(MissingTopicError);
    const unknown = outcomeUnknown('a write to topic egg.farm', new DeadlineError(5000));
    expect(unknown).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(unknown.message).toMatch(/^the write may have happened: .*no answer within 5000 ms/);
  });

  it('recognises an unknown topic however kafkajs wraps it', () => {
    expect(isUnknownTopic({ type: 'UNKNOWN_TOPIC_OR_PARTITION' })).toBe(true);
    expect(isUnknownTopic({ originalError: { type: 'UNKNOWN_TOPIC_OR_PARTITION' } })).toBe(true);
    expect(isUnknownTopic(new Error('Connection closed'))).toBe(false);
  });
});

describe('our records', () => {
  const message = (headers?: Record<string, string>) => ({ offset: '3', key: Buffer.from('k'), value: Buffer.from('{}'), timestamp: '1', headers });
  it('are the ones carrying our header, whatever their value', () => {
    expect(foreignReason(message({ 'egg-event': '1' }))).toBeUndefined();
    expect(foreignReason(message())).toMatch(/header/);
    expect(foreignReason(message({ 'egg-event': '2' }))).toMatch(/header/);
    expect(foreignReason({ ...message({ 'egg-event': '1' }), value: null })).toMatch(/no key or no value/);
  });
});
