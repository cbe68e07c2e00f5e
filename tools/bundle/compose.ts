/**
 * Composes the 13 entity subgraphs into the supergraph the gateway ships with.
 * Usage: tsx tools/bundle/compose.ts [outFile]   (default dist/supergraph/supergraph.graphql)
 * Exits non-zero, printing every composition error, when the subgraphs do not compose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityNames } from '@egg/shared-catalog';
import { composeDeclarations, loadDeclaration } from './supergraph.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outFile = path.resolve(root, process.argv[2] ?? 'dist/supergraph/supergraph.graphql');

try {
  const started = performance.now();
  const declarations = await Promise.all(entityNames().map((name) => loadDeclaration(path.join(root, 'apps'), name)));
  const sdl = composeDeclarations(declarations);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, sdl);
  const ms = (performance.now() - started).toFixed(0);
  console.log(`supergraph: ${entityNames().length} subgraphs composed in ${ms} ms → ${path.relative(root, outFile)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
