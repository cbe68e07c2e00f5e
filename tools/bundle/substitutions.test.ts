import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { substitutionsFor } from './substitutions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('substitutions', () => {
  it.each(['farm', 'gateway'])('%s: each names why it is safe and parity tests that exist', (folder) => {
    const substitutions = substitutionsFor(folder);
    expect(substitutions.length).toBeGreaterThan(0);
    for (const { plugin, why, parity } of substitutions) {
      expect(why, plugin.name).not.toBe('');
      expect(parity.length, plugin.name).toBeGreaterThan(0);
      for (const file of parity) expect(fs.existsSync(path.join(root, file)), `${plugin.name}: ${file}`).toBe(true);
    }
  });

  it('gives an entity its prebuilt subgraph and validators, the gateway its supergraph, both the same module cuts', () => {
    const names = (folder: string) => substitutionsFor(folder).map((s) => s.plugin.name);
    expect(names('farm')).toEqual(['egg-prebuilt-subgraph', 'egg-esm-builds', 'egg-prebuilt-validators', 'egg-esm-only', 'egg-unused-modules']);
    expect(names('gateway')).toEqual(['egg-supergraph', 'egg-esm-only', 'egg-unused-modules']);
  });
});
