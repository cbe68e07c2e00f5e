/**
 * Composes the 13 entity subgraphs into the supergraph the gateway ships with.
 * Usage: tsx tools/compose/compose.ts [outFile]   (default dist/supergraph/supergraph.graphql)
 * Exits non-zero, printing every composition error, when the subgraphs do not compose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { subgraphSdl, type EntityDeclaration } from '@egg/entity-runtime';
import { parse } from 'graphql';
import { ENTITY_NAMES, kebab } from '../functions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function loadDeclaration(name: string): Promise<EntityDeclaration> {
  const file = path.join(root, 'apps', kebab(name), 'src', 'declaration.ts');
  if (!fs.existsSync(file)) throw new Error(`missing declaration for ${name}: ${path.relative(root, file)}`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: EntityDeclaration };
  if (mod.default?.name !== name) throw new Error(`${path.relative(root, file)} must default-export the ${name} declaration`);
  return mod.default;
}

export async function composeSupergraph(): Promise<string> {
  const declarations = await Promise.all(ENTITY_NAMES.map(loadDeclaration));
  const result = composeServices(
    declarations.map((decl) => ({
      name: decl.name,
      typeDefs: parse(subgraphSdl(decl)),
      // Replaced at run time by the gateway's configured URLs.
      url: `http://subgraph.invalid/${decl.name}/graph`,
    })),
  );
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

const outFile = path.resolve(root, process.argv[2] ?? 'dist/supergraph/supergraph.graphql');
try {
  const started = performance.now();
  const sdl = await composeSupergraph();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, sdl);
  const ms = (performance.now() - started).toFixed(0);
  console.log(`supergraph: ${ENTITY_NAMES.length} subgraphs composed in ${ms} ms → ${path.relative(root, outFile)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
