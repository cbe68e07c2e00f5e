/**
 * The schemas a reviewer reads, generated from the entity declarations and committed: each
 * subgraph's SDL (`apps/<entity>/schema.graphql`), the supergraph the gateway composes
 * (`apps/gateway/supergraph.graphql`) and what its clients see (`apps/gateway/schema.graphql`).
 * Written with the default GraphQL limits (a deployment's GRAPH_* only changes the numbers in
 * the page arguments). `npm run graphs` writes them; graphs.test.ts fails when they are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { deployable, entityNames } from '@egg/shared-catalog';
import { composeGraphs, loadDeclaration } from './supergraph.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_SCHEMA_FILE = 'apps/gateway/schema.graphql';
export const REGENERATE = 'npm run graphs';

const header = (from: string) => `# Generated from ${from} by \`${REGENERATE}\`: do not edit.\n\n`;

/** Repository-relative path → content, for every committed schema file. */
export async function generateGraphs(): Promise<Map<string, string>> {
  const declarations = await Promise.all(entityNames().map((name) => loadDeclaration(path.join(root, 'apps'), name)));
  const { subgraphs, supergraphSdl, apiSdl } = composeGraphs(declarations, loadGraphLimits({}));
  const files = new Map<string, string>();
  for (const [name, sdl] of Object.entries(subgraphs)) {
    const { folder } = deployable(name);
    files.set(`apps/${folder}/schema.graphql`, `${header(`apps/${folder}/src/declaration.ts`)}${sdl.trim()}\n`);
  }
  files.set('apps/gateway/supergraph.graphql', `${header("every app's src/declaration.ts")}${supergraphSdl.trim()}\n`);
  files.set(API_SCHEMA_FILE, `${header('the supergraph, as clients of the gateway see it,')}${apiSdl.trim()}\n`);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, content] of await generateGraphs()) fs.writeFileSync(path.join(root, file), content);
  console.log(`graphs: ${entityNames().length} subgraphs, the supergraph and its API schema written`);
}
