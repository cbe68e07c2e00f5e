import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryEventLog } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { describeConformance } from './conformance.ts';

for (const [name, options] of [
  ['file log', {}],
  ['file log as on NFS (files reopened per use, fsync inside the lock)', { sharedPageCache: false }],
] as const) {
  describeConformance(name, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-conformance-'));
    return { log: await FileEventLog.open(dir, options), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  });
}

describeConformance('memory log', async () => ({ log: new MemoryEventLog(), cleanup: async () => undefined }));
