/**
 * What `npm test` needs from the operating system, and what to do when some of it is missing:
 * nothing, install it (apt-get as root or with passwordless sudo; Homebrew on macOS), or stop
 * with one line naming exactly what to install. Pure: the probes are passed in.
 */

export interface Probes {
  platform: NodeJS.Platform;
  /** An executable of this name is on PATH. */
  has(command: string): boolean;
  exists(file: string): boolean;
  /** `pkg-config --exists <module>`: the library's headers and .pc file are installed. */
  pkgConfig(module: string): boolean;
  isRoot: boolean;
  /** `sudo -n true` succeeds: sudo without a password. */
  sudo(): boolean;
}

interface Need {
  what: string;
  present(p: Probes): boolean;
  apt: readonly string[];
  /** A Homebrew formula, or what to do by hand where Homebrew cannot do it alone. */
  brew: { formula: string } | { manual: string };
}

/** The explorer's browser test drives this binary (e2e/src/explorer.test.ts). */
export const CHROMIUM = '/usr/bin/chromium';

// The EFS model (tools/efs-model) is C on libfuse3, built with gcc via pkg-config, unmounted with
// fusermount3; the Kafka test broker is C on librdkafka's mock cluster; kcat pokes at it by hand.
export const NEEDS: readonly Need[] = [
  { what: 'a C compiler (gcc)', present: (p) => p.has('gcc'), apt: ['gcc', 'libc6-dev'], brew: { manual: 'xcode-select --install' } },
  { what: 'pkg-config', present: (p) => p.has('pkg-config'), apt: ['pkg-config'], brew: { formula: 'pkgconf' } },
  { what: 'libfuse3 headers', present: (p) => p.pkgConfig('fuse3'), apt: ['libfuse3-dev'], brew: { manual: 'brew install --cask macfuse' } },
  { what: 'fusermount3', present: (p) => p.has('fusermount3'), apt: ['fuse3'], brew: { manual: 'a Linux machine for the EFS model (fusermount3)' } },
  { what: 'librdkafka headers', present: (p) => p.pkgConfig('rdkafka'), apt: ['librdkafka-dev'], brew: { formula: 'librdkafka' } },
  { what: 'kcat', present: (p) => p.has('kcat'), apt: ['kcat'], brew: { formula: 'kcat' } },
  { what: `Chromium at ${CHROMIUM}`, present: (p) => p.exists(CHROMIUM), apt: ['chromium'], brew: { manual: `Chromium at ${CHROMIUM}` } },
];

/** Chromium comes with its recommends (the fonts it renders with); the rest without. */
const WITH_RECOMMENDS = new Set(['chromium']);

export type Plan = { kind: 'ready' } | { kind: 'install'; commands: string[][] } | { kind: 'stop'; line: string };

export const missingNeeds = (p: Probes): Need[] => NEEDS.filter((need) => !need.present(p));

export function plan(p: Probes): Plan {
  const missing = missingNeeds(p);
  if (missing.length === 0) return { kind: 'ready' };
  const names = missing.map((need) => need.what).join(', ');
  if (p.platform === 'darwin' && p.has('brew')) return brewPlan(missing, names);
  const packages = [...new Set(missing.flatMap((need) => need.apt))];
  if (p.platform !== 'linux' || !p.has('apt-get')) {
    return { kind: 'stop', line: `npm test needs ${names}: install them (Debian/Ubuntu packages: ${packages.join(' ')}) and run it again` };
  }
  const sudo = p.isRoot ? [] : p.has('sudo') && p.sudo() ? ['sudo'] : undefined;
  if (!sudo) return { kind: 'stop', line: `npm test needs ${names}: run \`sudo apt-get install -y ${packages.join(' ')}\` and then npm test again` };
  const apt = (...args: string[]) => [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const plain = packages.filter((name) => !WITH_RECOMMENDS.has(name));
  const recommended = packages.filter((name) => WITH_RECOMMENDS.has(name));
  return {
    kind: 'install',
    commands: [
      apt('update', '-qq'),
      ...(plain.length ? [apt('install', '-y', '-qq', '--no-install-recommends', ...plain)] : []),
      ...(recommended.length ? [apt('install', '-y', '-qq', ...recommended)] : []),
    ],
  };
}

function brewPlan(missing: Need[], names: string): Plan {
  const formulas = missing.flatMap((need) => ('formula' in need.brew ? [need.brew.formula] : []));
  const manual = missing.flatMap((need) => ('manual' in need.brew ? [need.brew.manual] : []));
  if (manual.length === 0) return { kind: 'install', commands: [['brew', 'install', ...formulas]] };
  const steps = [...manual, ...(formulas.length ? [`brew install ${formulas.join(' ')}`] : [])];
  return { kind: 'stop', line: `npm test needs ${names}: ${steps.join('; ')}; then run it again` };
}
