import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { subgraphSdl, type EntityDeclaration } from '@egg/entity-runtime';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';
import { parse, printSchema } from 'graphql';
import { deployable } from '@egg/shared-catalog';

export class CompositionError extends Error {}

/** `apps/<folder>/src/declaration.ts`'s default export, checked to be the entity asked for. */
export async function loadDeclaration(appsDir: string, name: string): Promise<EntityDeclaration> {
  const file = path.join(appsDir, deployable(name).folder, 'src', 'declaration.ts');
  if (!fs.existsSync(file)) throw new CompositionError(`missing declaration for ${name}: ${file}`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: EntityDeclaration };
  if (mod.default?.name !== name) throw new CompositionError(`${file} must default-export the ${name} declaration`);
  return mod.default;
}

export interface ComposedGraphs {
  /** Entity name → its subgraph's SDL. */
  subgraphs: Record<string, string>;
  /** The supergraph the gateway ships with (join directives included). */
  supergraphSdl: string;
  /** What clients of the gateway see: the supergraph's API schema. */
  apiSdl: string;
}

/** One subgraph per declaration, named by its entity name, composed; throws with every composition error. */
export function composeGraphs(declarations: readonly EntityDeclaration[], limits: GraphLimits = loadGraphLimits()): ComposedGraphs {
  const subgraphs = Object.fromEntries(declarations.map((decl) => [decl.name, subgraphSdl(decl, limits)]));
  const result = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      typeDefs: parse(sdl),
      // Replaced at run time by the gateway's configured URLs.
      url: `http://subgraph.invalid/${name}/graph`,
    })),
  );
  if (result.errors) {
    throw new CompositionError(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraphSdl: result.supergraphSdl, apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()) };
}

export const composeDeclarations = (declarations: readonly EntityDeclaration[]): string => composeGraphs(declarations).supergraphSdl;
