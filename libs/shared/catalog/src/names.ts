/**
 * Every form of a deployable's name, derived from its entity name in one place. The entity name
 * (`lay_report`) is what the declaration, the subgraph, REST paths and Kafka topics use; Nx,
 * folders and AWS want kebab case, GraphQL wants PascalCase, environment variables upper case.
 */

export interface Deployable {
  /** Entity name, subgraph name and REST path segment: `lay_report`; `gateway` for the gateway. */
  name: string;
  /** App folder, bundle folder under dist/apps and deployed function name suffix: `lay-report`. */
  folder: string;
  /** Nx project, also the CDK stack id, so `nx build` / `cdk deploy <project>` name it: `lay-report-function`. */
  project: string;
  /** The GraphQL type a generated declaration gets unless told otherwise: `LayReport`. */
  typeName: string;
  /** Suffix of the environment variables that name it: `LAY_REPORT` (`SUBGRAPH_FUNCTION_LAY_REPORT`). */
  constant: string;
}

export const GATEWAY_NAME = 'gateway';

/** Entity names are snake case: a letter, then lower-case letters, digits and single underscores. */
export const ENTITY_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

const PROJECT_SUFFIX = '-function';

/** The deployable named `name` (snake case; `gateway`). */
export function deployable(name: string): Deployable {
  if (!ENTITY_NAME.test(name)) throw new Error(`"${name}" is not an entity name: expected snake_case like lay_report`);
  const folder = name.replaceAll('_', '-');
  return {
    name,
    folder,
    project: `${folder}${PROJECT_SUFFIX}`,
    typeName: name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    constant: name.toUpperCase(),
  };
}

/** The entity name any of its lower-case forms stands for: `lay_report`, `lay-report`, `lay-report-function` → `lay_report`. */
export const nameOf = (form: string): string => (form.endsWith(PROJECT_SUFFIX) ? form.slice(0, -PROJECT_SUFFIX.length) : form).replaceAll('-', '_');

export const GATEWAY: Deployable = deployable(GATEWAY_NAME);
