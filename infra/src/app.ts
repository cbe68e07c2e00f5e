/** The whole CDK app for one stage: shared, one stack per entity found on disk, the gateway; cdk-nag over all of it. */
import path from 'node:path';
import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { loadStageConfig, STAGES, type StageConfig } from './config.ts';
import { EntityStack } from './entity-stack.ts';
import { findEntities, GATEWAY } from '@egg/shared-catalog';
import { GatewayStack } from './gateway-stack.ts';
import { stackName } from './names.ts';
import { addNagChecks } from './nag.ts';
import { SharedStack } from './shared-stack.ts';

export const SHARED_STACK_ID = 'shared';
export const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

export interface EggAppOptions extends AppProps {
  workspaceRoot: string;
  /** Where the function bundles are; default <workspaceRoot>/dist/apps. */
  bundleDir?: string;
  /** The stages `-c stage=` picks from; default config.ts's. */
  stages?: Record<string, StageConfig>;
}

export interface EggApp {
  app: App;
  config: StageConfig;
  shared: SharedStack;
  entities: EntityStack[];
  gateway: GatewayStack;
}

export function buildEggApp(options: EggAppOptions): EggApp {
  // Function stacks read the shared stack through its published outputs (shared-values.ts); any
  // other cross-stack reference would be weak too: an export in use can neither change nor go,
  // which deadlocks changes to the shared stack (fewer AZs, a replaced API).
  const app = new App({ ...options, context: { [CROSS_STACK_REFERENCES]: 'weak', ...options.context } });
  const entityApps = findEntities(path.join(options.workspaceRoot, 'apps'));
  const config = loadStageConfig(
    {
      stage: app.node.tryGetContext('stage'),
      backend: app.node.tryGetContext('backend'),
      kafkaBrokers: app.node.tryGetContext('kafkaBrokers'),
      logFileSystemId: app.node.tryGetContext('logFileSystemId'),
      auth: app.node.tryGetContext('auth'),
      authIssuer: app.node.tryGetContext('authIssuer'),
      authAudience: app.node.tryGetContext('authAudience'),
      authGroupsClaim: app.node.tryGetContext('authGroupsClaim'),
    },
    entityApps.map((e) => e.name),
    options.stages ?? STAGES,
  );
  const bundleDir = options.bundleDir ?? path.join(options.workspaceRoot, 'dist/apps');
  Tags.of(app).add('project', 'egg-economy');
  Tags.of(app).add('stage', config.stage);

  const shared = new SharedStack(app, SHARED_STACK_ID, { config, stackName: stackName(config, SHARED_STACK_ID) });
  const entities = entityApps.map(
    (entity) =>
      new EntityStack(app, entity.project, { config, entity, shared, bundleDir, stackName: stackName(config, entity.project) }),
  );
  const gateway = new GatewayStack(app, GATEWAY.project, {
    config,
    entities: entityApps,
    shared,
    bundleDir,
    stackName: stackName(config, GATEWAY.project),
  });

  addNagChecks(app);
  return { app, config, shared, entities, gateway };
}
