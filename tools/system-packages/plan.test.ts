import { describe, expect, it } from 'vitest';
import { CHROMIUM, NEEDS, plan, type Probes } from './plan.ts';

const EVERYTHING = ['gcc', 'pkg-config', 'fusermount3', 'kcat', 'apt-get'];

/** A machine with these commands, pkg-config modules and files; root unless told otherwise. */
function machine(over: Partial<Probes> & { commands?: string[]; modules?: string[]; files?: string[]; sudoOk?: boolean } = {}): Probes {
  const { commands = EVERYTHING, modules = ['fuse3', 'rdkafka'], files = [CHROMIUM], sudoOk = false, ...rest } = over;
  return {
    platform: 'linux',
    has: (c) => commands.includes(c),
    exists: (f) => files.includes(f),
    pkgConfig: (m) => commands.includes('pkg-config') && modules.includes(m),
    isRoot: true,
    sudo: () => sudoOk,
    ...rest,
  };
}

const without = (...names: string[]) => EVERYTHING.filter((c) => !names.includes(c));

describe('plan', () => {
  it('does nothing when every package is there', () => {
    expect(plan(machine())).toEqual({ kind: 'ready' });
  });

  it('installs exactly the missing Debian packages as root, Chromium with its recommends', () => {
    const result = plan(machine({ commands: without('kcat'), files: [], modules: ['fuse3'] }));
    const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
    expect(result).toEqual({
      kind: 'install',
      commands: [
        [...apt, 'update', '-qq'],
        [...apt, 'install', '-y', '-qq', '--no-install-recommends', 'librdkafka-dev', 'kcat'],
        [...apt, 'install', '-y', '-qq', 'chromium'],
      ],
    });
  });

  it('asks for the pkg-config modules again once pkg-config itself is missing', () => {
    const result = plan(machine({ commands: without('pkg-config') }));
    expect(result.kind === 'install' && result.commands[1]).toEqual(
      ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'pkg-config', 'libfuse3-dev', 'librdkafka-dev'],
    );
  });

  it('uses passwordless sudo when not root', () => {
    const result = plan(machine({ isRoot: false, commands: [...without('gcc'), 'sudo'], sudoOk: true }));
    expect(result).toEqual({
      kind: 'install',
      commands: [
        ['sudo', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
        ['sudo', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'gcc', 'libc6-dev'],
      ],
    });
  });

  it('stops with one line naming the apt-get command when sudo asks for a password', () => {
    const result = plan(machine({ isRoot: false, commands: [...without('gcc', 'fusermount3'), 'sudo'], sudoOk: false }));
    expect(result).toEqual({
      kind: 'stop',
      line: 'npm test needs a C compiler (gcc), fusermount3: run `sudo apt-get install -y gcc libc6-dev fuse3` and then npm test again',
    });
  });

  it('stops without trying sudo where there is none', () => {
    let asked = false;
    const result = plan(machine({ isRoot: false, commands: without('kcat'), sudo: () => (asked = true) }));
    expect(result).toMatchObject({ kind: 'stop', line: expect.stringContaining('`sudo apt-get install -y kcat`') });
    expect(asked).toBe(false);
  });

  it('installs with Homebrew on macOS what Homebrew has', () => {
    const result = plan(machine({ platform: 'darwin', commands: [...without('kcat', 'apt-get'), 'brew'], modules: ['fuse3'] }));
    expect(result).toEqual({ kind: 'install', commands: [['brew', 'install', 'librdkafka', 'kcat']] });
  });

  it('stops on macOS with the steps Homebrew cannot take alone, and the formulas', () => {
    const result = plan(machine({ platform: 'darwin', commands: [...without('gcc', 'kcat', 'apt-get'), 'brew'] }));
    expect(result).toEqual({ kind: 'stop', line: 'npm test needs a C compiler (gcc), kcat: xcode-select --install; brew install kcat; then run it again' });
  });

  it('names the Debian packages on a system with neither apt-get nor Homebrew', () => {
    const result = plan(machine({ platform: 'linux', commands: without('apt-get'), files: [] }));
    expect(result).toEqual({ kind: 'stop', line: `npm test needs Chromium at ${CHROMIUM}: install them (Debian/Ubuntu packages: chromium) and run it again` });
  });

  it('gives one line, whatever is missing', () => {
    const nothing = machine({ isRoot: false, commands: [], modules: [], files: [] });
    const result = plan(nothing);
    expect(result.kind).toBe('stop');
    expect(result.kind === 'stop' && result.line).not.toContain('\n');
    for (const pkg of NEEDS.flatMap((need) => need.apt)) expect(result.kind === 'stop' && result.line).toContain(pkg);
  });
});
