import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { subgraphSdl, type EntityDeclaration } from '@egg/entity-runtime';
import { parse } from 'graphql';
import { kebab } from './functions.ts';

export class CompositionError extends Error {}

/** `apps/<kebab>/src/declaration.ts`'s default export, checked to be the entity asked for. */
export async function loadDeclaration(appsDir: string, name: string): Promise<EntityDeclaration> {
  const file = path.join(appsDir, kebab(name), 'src', 'declaration.ts');
  if (!fs.existsSync(file)) throw new CompositionError(`missing declaration for ${name}: ${file}`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: EntityDeclaration };
  if (mod.default?.name !== name) throw new CompositionError(`${file} must default-export the ${name} declaration`);
  return mod.default;
}

/** One subgraph per declaration, named by its entity name; throws with every composition error. */
export function composeDeclarations(declarations: readonly EntityDeclaration[]): string {
  const result = composeServices(
    declarations.map((decl) => ({
      name: decl.name,
      typeDefs: parse(subgraphSdl(decl)),
      // Replaced at run time by the gateway's configured URLs.
      url: `http://subgraph.invalid/${decl.name}/graph`,
    })),
  );
  if (result.errors) {
    throw new CompositionError(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
