/**
 * One entity, deployable alone: its function, its routes on the shared HTTP API (created here,
 * on the imported API, so deploying this stack alone changes them), its storage grant, and the
 * SSM parameter through which the gateway finds it.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { AccessPoint } from 'aws-cdk-lib/aws-efs';
import { FileSystem as LambdaFileSystem } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { suppress } from './nag.ts';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { addRoutes, guarded, type RouteSpec } from './routes.ts';
import type { Construct } from 'constructs';
import { authEnvironment, entitySize, type StageConfig } from './config.ts';
import { EggFunction, functionName, type EggFunctionProps } from './egg-function.ts';
import type { Deployable } from './functions.ts';
import { subgraphFunctionParameter } from './names.ts';
import type { SharedStack } from './shared-stack.ts';

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

export class EntityStack extends Stack {
  readonly function: EggFunction;

  constructor(scope: Construct, id: string, props: EntityStackProps) {
    super(scope, id, props);
    const { config, entity, shared } = props;
    const storage = this.storage(props);
    this.function = new EggFunction(this, 'Entity', {
      config,
      deployable: entity,
      bundleDir: props.bundleDir,
      size: entitySize(config, entity.name),
      environment: { ...storage.environment, ...authEnvironment(config) },
      network: storage.network,
    });
    storage.grant?.(this.function);

    addRoutes(this, shared.httpApi.apiId, entityRoutes(entity), this.function.fn, shared.routeAuth);

    new StringParameter(this, 'SubgraphFunction', {
      parameterName: subgraphFunctionParameter(config, entity),
      stringValue: this.function.fn.functionArn,
      description: `the ${entity.name} function the gateway invokes`,
    });
  }

  /** file: its own EFS access point (its own directory, never root); kafka: its own secret. */
  private storage({ config, entity, shared }: EntityStackProps): {
    environment: Record<string, string>;
    network?: EggFunctionProps['network'];
    grant?: (fn: EggFunction) => void;
  } {
    if (config.backend === 'kafka') {
      const secret = new Secret(this, 'KafkaSecret', {
        secretName: `egg/${config.stage}/kafka/${entity.name}`,
        description: `Kafka API key for ${entity.name}: {"api_key","api_secret"} of a key whose ACLs reach only its topics`,
        // A placeholder of the right shape until the real key is put in (README: switch the backend).
        generateSecretString: { secretStringTemplate: JSON.stringify({ api_key: 'replace-me' }), generateStringKey: 'api_secret' },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      suppress(secret, 'SMG4', 'a Kafka API key is rotated at the Kafka provider, then stored here; no Lambda rotator can do it');
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
    if (!shared.storage) throw new Error('the file backend needs the shared stack built with backend file');
    const { vpc, fileSystem } = shared.storage;
    const accessPoint = new AccessPoint(this, 'LogAccessPoint', {
      fileSystem,
      path: `/egg-log/${entity.name}`,
      posixUser: LOG_USER,
      createAcl: { ownerUid: LOG_USER.uid, ownerGid: LOG_USER.gid, permissions: '750' },
    });
    const securityGroup = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc,
      description: `${entity.name} function: NFS to the log only`,
      allowAllOutbound: false,
    });
    return {
      environment: { EGG_STORAGE: 'file', DATA_DIR: EFS_MOUNT },
      network: { vpc, securityGroup, filesystem: LambdaFileSystem.fromEfsAccessPoint(accessPoint, EFS_MOUNT) },
    };
  }
}
