/**
 * One entity, deployable alone: its function, its routes on the shared HTTP API (created here,
 * on the imported API, so deploying this stack alone changes them) and its storage grant (a
 * projection's: read only, to the logs it is computed from). The gateway finds the function by
 * its fixed name (names.ts); nothing else refers to this stack.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { AccessPoint } from 'aws-cdk-lib/aws-efs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FileSystem as LambdaFileSystem, type FileSystemConfig } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { PROJECTIONS } from '@egg/entity-projections';
import type { Construct } from 'constructs';
import { authEnvironment, entitySize, lockWaitMs, teardownPolicy, type StageConfig } from './config.ts';
import { EggFunction, type EggFunctionProps } from './egg-function.ts';
import type { Deployable } from '@egg/shared-catalog';
import { functionName } from './names.ts';
import { suppress } from './nag.ts';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { addRoutes, guarded, type RouteSpec } from './routes.ts';
import type { SharedStack } from './shared-stack.ts';
import type { SharedValues } from './shared-values.ts';
import { throttleWrites } from './write-throttling.ts';

export const EFS_MOUNT = '/mnt/efs';
/** The POSIX identity every function writes the log as (never root). */
export const LOG_USER = { uid: '1001', gid: '1001' };

export interface EntityStackProps extends StackProps {
  config: StageConfig;
  entity: Deployable;
  shared: SharedStack;
  bundleDir: string;
}

/** REST, one entity, the subgraph (queries only: a read), the OpenAPI document and the probes (docs/contract.md). */
export const entityRoutes = (entity: Deployable): RouteSpec[] => [
  ...guarded(`/${entity.name}/api`, [HttpMethod.POST]),
  ...guarded(`/${entity.name}/api/{id}`, [HttpMethod.PUT, HttpMethod.DELETE]),
  ...guarded(`/${entity.name}/graph`, []),
  { method: HttpMethod.ANY, path: `/${entity.name}/api/openapi.json` },
  { method: HttpMethod.ANY, path: `/${entity.name}/health` },
  { method: HttpMethod.ANY, path: `/${entity.name}/ready` },
];

/**
 * `FileSystem.fromEfsAccessPoint`, but with ClientMount on the file system (not `*`), under the
 * same condition: through this access point only. No wildcard left for cdk-nag to excuse.
 */
class LogMount extends LambdaFileSystem {
  constructor(config: FileSystemConfig) {
    super(config);
  }
}

/** `write`: ClientWrite beside ClientMount; without it the mount is read only (a projection's). */
function logMount(accessPoint: AccessPoint, write: boolean): LambdaFileSystem {
  const { fileSystem } = accessPoint;
  return new LogMount({
    localMountPath: EFS_MOUNT,
    arn: accessPoint.accessPointArn,
    dependency: [fileSystem.mountTargetsAvailable],
    connections: fileSystem.connections,
    policies: [
      new PolicyStatement({
        actions: write ? ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'] : ['elasticfilesystem:ClientMount'],
        resources: [fileSystem.fileSystemArn],
        conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn } },
      }),
    ],
  });
}

export class EntityStack extends Stack {
  readonly function: EggFunction;

  constructor(scope: Construct, id: string, props: EntityStackProps) {
    super(scope, id, props);
    const { config, entity } = props;
    const shared = props.shared.valuesFor(this);
    const storage = this.storage(config, entity, shared);
    this.function = new EggFunction(this, 'Entity', {
      config,
      deployable: entity,
      bundleDir: props.bundleDir,
      size: entitySize(config, entity.name),
      reservedConcurrency: config.reservedConcurrency.entities[entity.name],
      environment: { ...storage.environment, ...authEnvironment(config) },
      network: storage.network,
    });
    storage.grant?.(this.function);

    const writes = addRoutes(this, shared.httpApi, entityRoutes(entity), this.function.fn, shared.routeAuth);
    throttleWrites(this, shared.httpApi.apiId, writes, config.writeThrottle);
  }

  /** file: its own EFS access point (its own directory, never root; a projection's: every log, read only); kafka: its own secret. */
  private storage(config: StageConfig, entity: Deployable, shared: SharedValues): {
    environment: Record<string, string>;
    network?: EggFunctionProps['network'];
    grant?: (fn: EggFunction) => void;
  } {
    const computed = PROJECTIONS[entity.name];
    if (config.backend === 'kafka') {
      const secret = this.kafkaSecret(config, entity);
      return {
        environment: {
          EGG_STORAGE: 'kafka',
          KAFKA_BROKERS: config.kafka.brokers.join(','),
          KAFKA_SASL_MECHANISM: config.kafka.saslMechanism,
          KAFKA_CLIENT_ID: functionName(config, entity),
          KAFKA_SECRET_ARN: secret.secretArn,
        },
        grant: (fn) => secret.grantRead(fn.role),
      };
    }
    // A retained secret stays in the stack whatever the backend: dropped from the template it
    // would be orphaned, and a later switch back to kafka could not create it again by name.
    if (config.retainOnTeardown) this.kafkaSecret(config, entity);
    const { vpc, fileSystem } = shared;
    // A projection reads several entities' logs through one mount (a function has one file system):
    // the directory above them all, mounted read only.
    const accessPoint = new AccessPoint(this, computed ? 'SourcesAccessPoint' : 'LogAccessPoint', {
      fileSystem,
      path: computed ? '/egg-log' : `/egg-log/${entity.name}`,
      posixUser: LOG_USER,
      createAcl: { ownerUid: LOG_USER.uid, ownerGid: LOG_USER.gid, permissions: '750' },
    });
    const securityGroup = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc,
      description: `${entity.name} function: NFS to the log only`,
      allowAllOutbound: false,
    });
    return {
      // NFS mode said outright: statfs of Lambda's mount is not trusted to tell, and the local-disk mode on EFS would lose writes.
      environment: {
        EGG_STORAGE: 'file',
        DATA_DIR: EFS_MOUNT,
        EGG_FILE_LOG_MODE: 'nfs',
        EGG_FILE_LOG_LOCK_WAIT_MS: String(lockWaitMs(entitySize(config, entity.name))),
        ...(computed ? { EGG_FILE_LOG_SOURCES: 'per-entity' } : {}),
      },
      network: { vpc, securityGroup, filesystem: logMount(accessPoint, !computed) },
    };
  }

  private kafkaSecret(config: StageConfig, entity: Deployable): Secret {
    const secret = new Secret(this, 'KafkaSecret', {
      secretName: `egg/${config.stage}/kafka/${entity.name}`,
      description: PROJECTIONS[entity.name]
        ? `Kafka API key for ${entity.name}: {"api_key","api_secret"} of a key whose ACLs allow reading (READ, DESCRIBE) only the topics ${PROJECTIONS[entity.name].sources.join(', ')}`
        : `Kafka API key for ${entity.name}: {"api_key","api_secret"} of a key whose ACLs reach only its topics`,
      // A placeholder of the right shape until the real key is put in (README: switch the backend).
      generateSecretString: { secretStringTemplate: JSON.stringify({ api_key: 'replace-me' }), generateStringKey: 'api_secret' },
      removalPolicy: teardownPolicy(config),
    });
    suppress(secret, 'SMG4', 'a Kafka API key is rotated at the Kafka provider, then stored here; no Lambda rotator can do it');
    return secret;
  }
}
