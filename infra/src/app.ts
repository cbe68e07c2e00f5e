/** The whole CDK app for one stage: shared, one stack per entity found on disk, the gateway; cdk-nag over all of it. */
import path from 'node:path';
import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { loadStageConfig, type StageConfig } from './config.ts';
import { EntityStack } from './entity-stack.ts';
import { findEntities, GATEWAY } from './functions.ts';
import { GatewayStack } from './gateway-stack.ts';
import { stackName } from './names.ts';
import { addNagChecks } from './nag.ts';
import { SharedStack } from './shared-stack.ts';

export const SHARED_STACK_ID = 'shared';

export interface EggAppOptions extends AppProps {
  workspaceRoot: string;
  /** Where the function bundles are; default <workspaceRoot>/dist/apps. */
  bundleDir?: string;
}

export interface EggApp {
  app: App;
  config: StageConfig;
  shared: SharedStack;
  entities: EntityStack[];
  gateway: GatewayStack;
}

export function buildEggApp(options: EggAppOptions): EggApp {
  // Strong on purpose: the shared stack's API, VPC and file system must not go while functions use them.
  const app = new App({ ...options, context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...options.context } });
  const entityApps = findEntities(path.join(options.workspaceRoot, 'apps'));
  const config = loadStageConfig(
    {
      stage: app.node.tryGetContext('stage'),
      backend: app.node.tryGetContext('backend'),
      kafkaBrokers: app.node.tryGetContext('kafkaBrokers'),
      auth: app.node.tryGetContext('auth'),
      authIssuer: app.node.tryGetContext('authIssuer'),
      authAudience: app.node.tryGetContext('authAudience'),
      authGroupsClaim: app.node.tryGetContext('authGroupsClaim'),
    },
    entityApps.map((e) => e.name),
  );
  const bundleDir = options.bundleDir ?? path.join(options.workspaceRoot, 'dist/apps');
  Tags.of(app).add('project', 'egg-economy');
  Tags.of(app).add('stage', config.stage);

  const shared = new SharedStack(app, SHARED_STACK_ID, { config, stackName: stackName(config, SHARED_STACK_ID) });
  const entities = entityApps.map(
    (entity) => new EntityStack(app, entity.project, { config, entity, shared, bundleDir, stackName: stackName(config, entity.project) }),
  );
  const gateway = new GatewayStack(app, GATEWAY.project, {
    config,
    entities: entityApps,
    shared,
    bundleDir,
    stackName: stackName(config, GATEWAY.project),
  });
  // Order only (deploy-all writes the SSM parameters before the gateway reads them); no export is made.
  for (const entity of entities) gateway.addStackDependency(entity, 'reads its function ARN from SSM');

  addNagChecks(app);
  return { app, config, shared, entities, gateway };
}
