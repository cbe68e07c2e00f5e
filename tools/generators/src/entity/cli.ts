/**
 * Runs the entity generator without the Nx CLI (which needs a TS loader for local plugins):
 *   npx tsx tools/generators/src/entity/cli.ts --name=duck_pond --schema=schemas/duck_pond.json [--typeName=DuckPond] [--lookups=zone]
 */
import { parseArgs } from 'node:util';
import { FsTree, flushChanges, printChanges } from 'nx/src/generators/tree.js';
import entityGenerator from './generator.ts';

const { values } = parseArgs({
  options: { name: { type: 'string' }, schema: { type: 'string' }, typeName: { type: 'string' }, lookups: { type: 'string' } },
});
if (!values.name || !values.schema) {
  console.error('usage: cli.ts --name=<snake_name> --schema=<path to JSON Schema> [--typeName=T] [--lookups=a,b]');
  process.exit(2);
}
const root = process.cwd();
const tree = new FsTree(root, false);
await entityGenerator(tree, { name: values.name, schema: values.schema, typeName: values.typeName, lookups: values.lookups });
const changes = tree.listChanges();
printChanges(changes);
flushChanges(root, changes);
