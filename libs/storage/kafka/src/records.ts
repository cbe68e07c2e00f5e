/**
 * What marks a record as written through our EventLog: a header. A topic may hold other
 * producers' records (any value, or none); those are skipped with one warning and never
 * reach the repository. The value itself stays opaque, as the EventLog contract says.
 */
import type { LogRecord } from '@egg/storage-core';
import type { FetchedMessage } from './cluster.ts';

export const EVENT_HEADER = 'egg-event';
export const EVENT_HEADER_VERSION = '1';

/** Why a message is not ours, or undefined when it is. */
export function foreignReason(message: FetchedMessage): string | undefined {
  const header = message.headers?.[EVENT_HEADER];
  if (header === undefined || String(header) !== EVENT_HEADER_VERSION) return `no "${EVENT_HEADER}: ${EVENT_HEADER_VERSION}" header`;
  if (!message.key || !message.value) return 'no key or no value';
  return undefined;
}

export function toLogRecord(topic: string, partition: number, message: FetchedMessage): LogRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key!.toString(),
    value: message.value!,
    timestamp: Number(message.timestamp),
  };
}
