/**
 * A change in one entity's code changes that entity's stack alone. `nx build farm-function`
 * rewrites dist/apps/farm only (the nx-affected proof covers that step); here two synths differ in
 * exactly that bundle, and only farm-function's template and asset manifest may differ.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eggFunctions, removeAssemblies, synth, type Synthesized } from './synth.ts';
import { bundleDir } from './workspace.ts';

afterAll(removeAssemblies);

function copyBundles(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bundles-'));
  fs.cpSync(bundleDir, dir, { recursive: true, filter: (src) => !src.endsWith('.map') });
  return dir;
}

const manifest = (s: Synthesized, id: string) => fs.readFileSync(path.join(s.assembly.directory, `${id}.assets.json`), 'utf8');

describe('one entity changed', () => {
  it('changes only its own stack: template and asset', () => {
    const before = copyBundles();
    const after = copyBundles();
    fs.appendFileSync(path.join(after, 'farm/index.mjs'), '\nexport const revision = 2;\n');
    const a = synth({}, { bundleDir: before });
    const b = synth({}, { bundleDir: after });

    const ids = [...a.templates.keys()];
    const changedTemplates = ids.filter((id) => JSON.stringify(a.templates.get(id)!.toJSON()) !== JSON.stringify(b.templates.get(id)!.toJSON()));
    const changedAssets = ids.filter((id) => manifest(a, id) !== manifest(b, id));
    expect(changedTemplates).toEqual(['farm-function']);
    expect(changedAssets).toEqual(['farm-function']);

    // In that template, only the code's content address moved.
    const code = (s: Synthesized) =>
      (eggFunctions(s.templates.get('farm-function')!)[0].Properties!.Code as { S3Key: string }).S3Key;
    expect(code(a)).not.toBe(code(b));
    const masked = (s: Synthesized) => JSON.stringify(s.templates.get('farm-function')!.toJSON()).replaceAll(code(s), 'CODE');
    expect(masked(a)).toBe(masked(b));
    for (const dir of [before, after]) fs.rmSync(dir, { recursive: true, force: true });
  });
});
