/**
 * The three nx-affected moves, proved on this workspace's real project graph and inputs:
 * an entity app change, a storage lib change, and a lib's test-only change.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEntities } from '@egg/shared-catalog';
import { describe, expect, it } from 'vitest';
import { affectedTasks } from './affected.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGETS = ['lint', 'typecheck', 'test', 'build'];
const entityProjects = findEntities(path.join(root, 'apps')).map((d) => d.project);

const union = (tasks: Record<string, string[]>) => [...new Set(Object.values(tasks).flat())].sort();
/** Nx's own project-level answer; with a target, only the projects that have that target (not every tool has tests). */
const nxProjectLevel = (file: string, target?: string): string[] =>
  JSON.parse(
    execFileSync(
      path.join(root, 'node_modules/.bin/nx'),
      ['show', 'projects', '--affected', `--files=${file}`, ...(target ? [`--withTarget=${target}`] : []), '--json'],
      { cwd: root, encoding: 'utf8' },
    ),
  );

/** A test file of the lib, whatever it is called today. */
function testFileOf(dir: string): string {
  const found = fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.test.ts'));
  if (!found) throw new Error(`no test file under ${dir}`);
  return path.join(dir, found);
}

// Each case builds the project graph and resolves every task's inputs: seconds on a busy machine.
describe('affected tasks', { timeout: 120_000 }, () => {
  it('after one entity app changes: that app, the gateway, e2e and infra (its stack), none of the other twelve', async () => {
    expect(entityProjects).toHaveLength(13);
    const tasks = await affectedTasks(['apps/farm/src/main.ts'], TARGETS);
    expect(union(tasks)).toEqual(['e2e', 'farm-function', 'gateway-function', 'infra']);
    expect(tasks.build).toEqual(['farm-function', 'gateway-function']);
    expect(tasks.test).toEqual(['e2e', 'farm-function', 'gateway-function', 'infra']);
  });

  it('after an entity declaration changes: also the tests that read every declaration (the contract drift test, the bundler’s)', async () => {
    const tasks = await affectedTasks(['apps/farm/src/declaration.ts'], TARGETS);
    expect(union(tasks)).toEqual(['bundle', 'contract-drift', 'e2e', 'farm-function', 'gateway-function', 'infra']);
    expect(tasks.test).toEqual(expect.arrayContaining(['bundle', 'contract-drift']));
    expect(tasks.lint).not.toContain('bundle');
    expect(tasks.lint).not.toContain('contract-drift');
  });

  it('after a storage lib changes: everything that uses it, every entity function included', async () => {
    const file = 'libs/storage/core/src/repository.ts';
    const tasks = await affectedTasks([file], TARGETS);
    for (const project of [...entityProjects, 'storage-core', 'storage-file-log', 'storage-config', 'entity-runtime', 'e2e', 'infra']) {
      expect(union(tasks)).toContain(project);
    }
    // Same set as Nx's own project-level answer: a production change reaches every dependent.
    expect(union(tasks)).toEqual(nxProjectLevel(file).sort());
  });

  it('after a lib test file changes: that lib’s own tasks only, where Nx alone marks its dependents too', async () => {
    const file = testFileOf('libs/storage/file-log');
    expect(nxProjectLevel(file).length).toBeGreaterThan(10);
    const tasks = await affectedTasks([file], TARGETS);
    expect(union(tasks)).toEqual(['storage-file-log']);
    expect(tasks.test).toEqual(['storage-file-log']);
    expect(tasks.build).toEqual([]);
  });

  it('keeps Nx’s project-level answer for a change inputs cannot show (a deleted file)', async () => {
    const gone = 'libs/storage/file-log/src/removed-in-this-change.ts';
    const tasks = await affectedTasks([gone], ['test']);
    expect(tasks.test).toEqual(nxProjectLevel(gone, 'test').sort());
  });
});
