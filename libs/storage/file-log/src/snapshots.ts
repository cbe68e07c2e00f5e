/** Snapshots beside a topic: derived state a cold process loads instead of replaying the log. */
import fs from 'node:fs';
import type { SnapshotStore } from '@egg/storage-core';
import { writeAtomic } from './durable-files.ts';
import type { TopicLayout } from './topic-layout.ts';

/** `openTopic` throws UnknownTopicError for a topic that does not exist, before a save. */
export function topicSnapshots(layout: TopicLayout, openTopic: (topic: string) => void): SnapshotStore {
  return {
    load: async (topic, name) => {
      try {
        return fs.readFileSync(layout.snapshotPath(topic, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    save: async (topic, name, data) => {
      openTopic(topic);
      writeAtomic(layout.snapshotPath(topic, name), data);
    },
  };
}
