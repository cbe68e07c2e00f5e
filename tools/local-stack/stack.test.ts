import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDeployables } from '@egg/shared-catalog';
import { startLocalStack } from './stack.ts';

// Stands in for every bundle: reports which function and process answered, and its configuration.
const fakeBundle = `
export async function handler(event) {
  const e = process.env;
  // Long enough that simultaneous requests overlap and must use both instances.
  await new Promise((r) => setTimeout(r, 150));
  return { statusCode: 200, body: JSON.stringify({
    fn: process.argv[3], pid: process.pid, path: event.rawPath,
    storage: e.EGG_STORAGE, dataDir: e.DATA_DIR, fileLogMode: e.EGG_FILE_LOG_MODE, template: e.SUBGRAPH_URL_TEMPLATE, telemetry: e.APOLLO_TELEMETRY_DISABLED,
  }) };
}
`;

interface Answer {
  fn: string;
  pid: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startLocalStack', () => {
  it('runs every function in its own processes, configured, and ends them all on close', async () => {
    const functionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-fns-'));
    for (const { folder } of findDeployables()) {
      fs.mkdirSync(path.join(functionsDir, folder));
      fs.writeFileSync(path.join(functionsDir, folder, 'index.mjs'), fakeBundle);
    }
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stack-data-')), 'data');
    const stack = await startLocalStack({ port: 0, dataDir, instances: 2, functionsDir, storageEnv: { EGG_FILE_LOG_MODE: 'nfs' } });
    const pids = new Set<number>();
    try {
      const lay = await Promise.all([1, 2, 3, 4].map(() => fetch(`${stack.url}/lay_report/api`).then((r) => r.json() as Promise<Answer>)));
      for (const body of lay) {
        expect(body).toMatchObject({ fn: 'lay_report', path: '/lay_report/api', storage: 'file', dataDir, fileLogMode: 'nfs', telemetry: 'true' });
        pids.add(body.pid);
      }
      expect(pids.size).toBe(2);
      const gateway = (await (await fetch(`${stack.url}/graphql`, { method: 'POST', body: '{}' })).json()) as Answer;
      expect(gateway).toMatchObject({ fn: 'gateway', template: `${stack.url}/{name}/graph`, telemetry: 'true' });
      pids.add(gateway.pid);
      expect(fs.existsSync(dataDir)).toBe(true);
    } finally {
      await stack.close();
    }
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    await expect(fetch(`${stack.url}/farm/api`)).rejects.toThrow();
  });
});
