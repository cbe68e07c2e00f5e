/**
 * The deployables, found on disk as the bundler finds them (tools/bundle/functions.ts): every
 * app folder with `src/declaration.ts` is an entity, so a generated entity gets its stack with
 * no hand edit. Read from the folder, not imported: infra depends on libs only.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Deployable {
  /** SPEC name / subgraph name: `lay_report`; `gateway` for the gateway. */
  name: string;
  /** App folder and bundle folder under dist/apps: `lay-report`. */
  folder: string;
  /** Nx project, also the CDK stack id, so `cdk deploy <project>` deploys it: `lay-report-function`. */
  project: string;
}

const deployable = (folder: string): Deployable => ({
  name: folder.replaceAll('-', '_'),
  folder,
  project: `${folder}-function`,
});

export function findEntities(appsDir: string): Deployable[] {
  return fs
    .readdirSync(appsDir)
    .filter((folder) => fs.existsSync(path.join(appsDir, folder, 'src/declaration.ts')))
    .sort()
    .map(deployable);
}

export const GATEWAY = deployable('gateway');
