import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entityNames } from '@egg/shared-catalog';
import { API_SCHEMA_FILE, generateGraphs, REGENERATE, root } from './graphs.ts';

describe('the committed schemas', () => {
  it('are what the declarations generate', async () => {
    const files = await generateGraphs();
    expect(files.size).toBe(entityNames().length + 2);
    const stale = [...files].filter(([file, content]) => {
      const full = path.join(root, file);
      return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== content;
    });
    expect(stale.map(([file]) => file), `stale schema files: run \`${REGENERATE}\` and commit them`).toEqual([]);
  });

  it('include the joins clients query through the gateway', async () => {
    const api = (await generateGraphs()).get(API_SCHEMA_FILE)!;
    expect(api).toMatch(/type Farm \{[^}]*\bcoops\(/s);
    expect(api).not.toContain('join__');
  });
});
