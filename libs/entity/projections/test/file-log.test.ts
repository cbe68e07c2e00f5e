import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileEventLog } from '@egg/storage-file-log';
import { describe } from 'vitest';
import { itHoldsTheProjectionProperty } from './property.ts';

describe('projections on the file log (two instances, each with its own open files)', () => {
  itHoldsTheProjectionProperty(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-projections-'));
    const logs = [await FileEventLog.open(dir), await FileEventLog.open(dir, { sharedPageCache: false })] as const;
    const opened: FileEventLog[] = [...logs];
    return {
      logs: [logs[0], logs[1]],
      fresh: async () => {
        const log = await FileEventLog.open(dir);
        opened.push(log);
        return log;
      },
      close: async () => {
        for (const log of opened) await log.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }, 25, 300_000);
});
