/**
 * `nx affected`, narrowed to the tasks whose inputs changed.
 *
 * `nx affected` marks a project when any file it owns changed, then every project that depends
 * on it, whatever the targets' `inputs` say: a test-only change in a lib runs the tests of all its
 * dependents. Here each task of those projects runs only if a changed file is one of its hash
 * inputs, resolved by Nx itself (named inputs, `^production`, globals), so "affected" means
 * exactly "its cache key changed". What inputs cannot show (a deleted file, nx.json, the root
 * package.json) keeps Nx's project-level answer.
 *
 *   tsx tools/affected/affected.ts [--base=<ref>] [--head=<ref>] [--files=a,b] [--print] -t <target>...
 *
 * --base defaults to nx.json's defaultBase; without --head the working tree (untracked files
 * included) is compared with the merge base. --print lists the tasks as JSON and runs nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
// Nx's own input resolution (what `nx show target inputs --check` prints), in one process; Nx is pinned exactly.
const { checkFilesAreInputs } = require('nx/src/devkit-internals') as typeof import('nx/src/devkit-internals');
const { createProjectGraphAsync } = require('nx/src/devkit-exports') as typeof import('nx/src/devkit-exports');

/** Changes that no task input can stand for: Nx's project-level rule decides for these. */
const isStructural = (file: string): boolean =>
  file === 'nx.json' || file === 'package.json' || !fs.existsSync(path.join(root, file));

const nx = (args: string[]): string =>
  execFileSync(path.join(root, 'node_modules/.bin/nx'), args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** Target → the projects whose task for it must run, sorted. */
export async function affectedTasks(files: readonly string[], targets: readonly string[]): Promise<Record<string, string[]>> {
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const structural = files.filter(isStructural);
  const onDisk = files.filter((f) => !isStructural(f));
  const whole = new Set<string>(
    structural.length === 0 ? [] : (JSON.parse(nx(['show', 'projects', '--affected', `--files=${structural.join(',')}`, '--json'])) as string[]),
  );
  const result: Record<string, string[]> = {};
  for (const target of targets) {
    const projects: string[] = [];
    for (const [name, node] of Object.entries(graph.nodes)) {
      if (!node.data.targets?.[target]) continue;
      if (whole.has(name) || (onDisk.length > 0 && (await checkFilesAreInputs(`${name}:${target}`, onDisk)).matched.length > 0)) {
        projects.push(name);
      }
    }
    result[target] = projects.sort();
  }
  return result;
}

function changedFiles(base: string, head: string | undefined): string[] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  if (head) return git('diff', '--name-only', `${base}...${head}`);
  const mergeBase = git('merge-base', base, 'HEAD')[0];
  return [...new Set([...git('diff', '--name-only', mergeBase), ...git('ls-files', '--others', '--exclude-standard')])];
}

function parseArgs(argv: string[]): { base?: string; head?: string; files?: string[]; print: boolean; targets: string[] } {
  const options: ReturnType<typeof parseArgs> = { print: false, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = argv[i].split(/=(.*)/s);
    if (flag === '--base') options.base = value;
    else if (flag === '--head') options.head = value;
    else if (flag === '--files') options.files = value.split(',').filter(Boolean);
    else if (flag === '--print') options.print = true;
    else if (flag === '-t' || flag === '--targets') while (argv[i + 1] && !argv[i + 1].startsWith('-')) options.targets.push(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (options.targets.length === 0) throw new Error('name the targets: -t lint typecheck test build');
  return options;
}

async function main(argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const base = options.base ?? (JSON.parse(fs.readFileSync(path.join(root, 'nx.json'), 'utf8')) as { defaultBase: string }).defaultBase;
  const files = options.files ?? changedFiles(base, options.head);
  const tasks = await affectedTasks(files, options.targets);
  if (options.print) {
    console.log(JSON.stringify({ files, tasks }, null, 2));
    return;
  }
  // Targets with the same projects run in one Nx invocation, so Nx orders and parallelises them together.
  const groups = new Map<string, string[]>();
  for (const [target, projects] of Object.entries(tasks)) {
    if (projects.length > 0) groups.set(projects.join(','), [...(groups.get(projects.join(',')) ?? []), target]);
  }
  console.log(`affected: ${files.length} changed files, ${groups.size === 0 ? 'nothing to run' : 'running:'}`);
  for (const [projects, targets] of groups) {
    console.log(`  ${targets.join(' ')}: ${projects.split(',').join(' ')}`);
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['run-many', '-t', ...targets, '-p', projects, '--output-style=stream-without-prefixes'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
