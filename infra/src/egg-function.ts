/**
 * One deployable as a Lambda function: Node 24 on ARM64, the esbuild bundle `nx build` wrote to
 * dist/apps/<folder>, its own log group and its own role that starts with nothing but writing
 * to that log group; each stack grants the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Code, Function as LambdaFunction, type FileSystem, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { lambdaNodeOptions } from '@egg/shared-contract';
import { Construct } from 'constructs';
import { teardownPolicy, type FunctionSize, type StageConfig } from './config.ts';
import type { Deployable } from '@egg/shared-catalog';
import { FunctionAlarms } from './alarms.ts';
import { functionName } from './names.ts';
import { wildcardStatement } from './nag.ts';

export interface EggFunctionProps {
  config: StageConfig;
  deployable: Deployable;
  /** Holds `<folder>/index.mjs` per function (dist/apps). */
  bundleDir: string;
  size: FunctionSize;
  /** Lambda reserved concurrency (config.ts); unset shares the account's pool. */
  reservedConcurrency?: number;
  environment: Record<string, string>;
  network?: { vpc: IVpc; securityGroup: ISecurityGroup; filesystem: FileSystem };
}

export class EggFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: EggFunctionProps) {
    super(scope, id);
    const { config, deployable, size, network } = props;
    const name = functionName(config, deployable);
    const bundle = path.join(props.bundleDir, deployable.folder);
    if (!fs.existsSync(path.join(bundle, 'index.mjs'))) {
      throw new Error(`${bundle}/index.mjs is missing: run \`npx nx run ${deployable.project}:build\` (or npm run build) first`);
    }
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${name}`,
      retention: config.logRetention,
      removalPolicy: teardownPolicy(config),
    });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);
    this.fn = new LambdaFunction(this, 'Function', {
      functionName: name,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // Source maps stay out of the zip: smaller upload, faster cold start; they are in dist/ for debugging.
      code: Code.fromAsset(bundle, { exclude: ['*.map'] }),
      handler: 'index.handler',
      memorySize: size.memoryMb,
      timeout: Duration.seconds(size.timeoutSeconds),
      role: this.role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        NODE_ENV: 'production',
        NODE_OPTIONS: lambdaNodeOptions(size.memoryMb),
        // Metrics (EMF) and traces are on in Lambda (libs/shared/observability), under the stage's namespace.
        POWERTOOLS_METRICS_NAMESPACE: `egg-${config.stage}`,
        ...props.environment,
      },
      ...(network && {
        vpc: network.vpc,
        vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [network.securityGroup],
        filesystem: network.filesystem,
      }),
    });
    // Active X-Ray tracing, set on the resource: the `tracing` prop would put its wildcard
    // statement in the role's default policy, where acknowledging it would cover the whole policy.
    (this.fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
    wildcardStatement(this, 'Tracing', {
      role: this.role,
      statement: new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      finding: 'IAM5[Resource::*]',
      reason: 'X-Ray segment writes take no resource ARN',
      dependent: this.fn,
    });
    new FunctionAlarms(this, 'Alarms', { config, fn: this.fn, name, timeoutSeconds: size.timeoutSeconds });
    if (network) {
      wildcardStatement(this, 'NetworkInterfaces', {
        role: this.role,
        statement: new PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
        finding: 'IAM5[Resource::*]',
        reason: 'the network-interface actions Lambda needs to run in a VPC take no resource ARN',
        dependent: this.fn,
      });
    }
  }
}
