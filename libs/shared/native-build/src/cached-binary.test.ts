import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedBinary } from './index.ts';

describe('cachedBinary', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds once per version of the sources, and anew when one changes', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-native-'));
    const sources = ['a.c', 'a.h'].map((f) => path.join(dir, f));
    sources.forEach((f) => fs.writeFileSync(f, `// ${f}\n`));
    const builds: string[] = [];
    const build = () =>
      cachedBinary({ name: 'helper', sources, outDir: path.join(dir, 'out'), compile: (output) => (builds.push(output), fs.writeFileSync(output, 'binary')) });
    const first = build();
    expect(build()).toBe(first);
    expect(builds).toHaveLength(1);
    fs.appendFileSync(sources[1], '// changed\n');
    const second = build();
    expect(second).not.toBe(first);
    expect(builds).toHaveLength(2);
    expect(path.basename(second)).toMatch(/^helper-[0-9a-f]{12}$/);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([path.basename(first), path.basename(second)].sort());
  });

  it('leaves nothing behind when the compiler fails, and passes its error on', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-native-'));
    const source = path.join(dir, 'a.c');
    fs.writeFileSync(source, 'int main(void) { return 0; }\n');
    const fail = (output: string) => {
      fs.writeFileSync(output, 'half');
      throw new Error('gcc not found');
    };
    expect(() => cachedBinary({ name: 'helper', sources: [source], outDir: path.join(dir, 'out'), compile: fail })).toThrow('gcc not found');
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
  });
});
