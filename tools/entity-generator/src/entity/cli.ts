/**
 * `npm run g:entity -- …`: runs the entity generator without the Nx CLI (which needs a TS
 * loader for local plugins). Every mistake is one line on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';

const HELP = `Adds an entity: apps/<name>/ (declaration, Lambda main, test, project.json, tsconfig.json)
and its section in docs/contract.md. Its function, subgraph, OpenAPI document and stack are
then found on disk by the build, the local stack and the infrastructure.

usage: npm run g:entity -- --name=<snake_name> --schema=<file.json> [--lookups=a,b] [--typeName=T]

  --name      snake_case entity name: REST path segment and topic (duck_pond → /duck_pond/api)
  --schema    JSON Schema of the payload: an object of string, integer and number fields
              (format in tools/entity-generator/README.md)
  --lookups   comma-separated fields that get a GraphQL xsByF root field (duckPondsByZone)
  --typeName  GraphQL type name (default: the name in PascalCase, DuckPond)
  --help      this text

example:
  npm run g:entity -- --name=duck_pond --schema=tools/entity-generator/examples/duck_pond.schema.json --lookups=zone
`;

const fail = (message: string): never => {
  console.error(`g:entity: ${message} (npm run g:entity -- --help for usage)`);
  process.exit(2);
};

let values: Record<string, string | boolean | undefined> = {};
try {
  ({ values } = parseArgs({
    options: {
      name: { type: 'string' },
      schema: { type: 'string' },
      typeName: { type: 'string' },
      lookups: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message.split('\n')[0]);
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
// Loaded only now: --help and option mistakes answer without loading Nx.
const { FsTree, flushChanges, printChanges } = await import('nx/src/generators/tree.js');
const { default: entityGenerator, GeneratorError } = await import('./generator.ts');
const root = process.cwd();
const tree = new FsTree(root, false);
try {
  await entityGenerator(tree, {
    name: values.name as string,
    schema: values.schema as string,
    typeName: values.typeName as string | undefined,
    lookups: values.lookups as string | undefined,
  });
} catch (error) {
  // A GeneratorError is the user's to fix; anything else is ours, but still one line.
  fail(error instanceof GeneratorError ? error.message : `unexpected failure: ${(error as Error).message}`);
}
const changes = tree.listChanges();
printChanges(changes);
flushChanges(root, changes);
console.log(`\nnext: npm test (its own test and the contract drift test), then npm start serves /${values.name}/api`);
