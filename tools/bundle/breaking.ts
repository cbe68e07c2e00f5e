/**
 * Fails when a change breaks the gateway's clients: the API schema at the merge base (the
 * committed apps/gateway/schema.graphql) against the one the declarations give now, compared by
 * graphql-js's findBreakingChanges (a removed or retyped field, a removed type or enum value, an
 * argument made required, ...). A commit in the range with the trailer `Schema-Break: intended`
 * lets the breaks through, listed.
 *
 *   tsx tools/bundle/breaking.ts [--base=<ref>]   (default nx.json's defaultBase)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges } from 'graphql';
import { API_SCHEMA_FILE, generateGraphs, root } from './graphs.ts';

export const TRAILER = 'Schema-Break: intended';

/** One line per change that breaks a client of `before` when it meets `after`. */
export const schemaBreaks = (before: string, after: string): string[] =>
  findBreakingChanges(buildSchema(before), buildSchema(after)).map((change) => `${change.type}: ${change.description}`);

/** Whether a commit in `from..to` carries the trailer. */
export function breakIntended(from: string, to: string, cwd = root): boolean {
  const values = execFileSync('git', ['log', '--format=%(trailers:key=Schema-Break,valueonly)', `${from}..${to}`], { cwd, encoding: 'utf8' });
  return values.split('\n').some((value) => value.trim().toLowerCase() === 'intended');
}

async function main(argv: string[]): Promise<number> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const base = argv.find((arg) => arg.startsWith('--base='))?.slice('--base='.length)
    ?? (JSON.parse(fs.readFileSync(path.join(root, 'nx.json'), 'utf8')) as { defaultBase: string }).defaultBase;
  const mergeBase = git('merge-base', base, 'HEAD');
  let before: string;
  try {
    before = git('show', `${mergeBase}:${API_SCHEMA_FILE}`);
  } catch {
    console.log(`schema breaks: ${base} has no ${API_SCHEMA_FILE}, nothing to compare with`);
    return 0;
  }
  const breaks = schemaBreaks(before, (await generateGraphs()).get(API_SCHEMA_FILE)!);
  if (breaks.length === 0) {
    console.log(`schema breaks: none against ${base}`);
    return 0;
  }
  const list = breaks.map((line) => `  - ${line}`).join('\n');
  if (breakIntended(mergeBase, 'HEAD')) {
    console.log(`schema breaks against ${base}, intended (${TRAILER}):\n${list}`);
    return 0;
  }
  console.error(`schema breaks against ${base}: clients of the gateway would fail on\n${list}\n` +
    `If they are intended, say so in a commit message's trailer: "${TRAILER}".`);
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
