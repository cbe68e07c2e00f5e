/**
 * What every function stands on: the HTTP API (its routes live in the function stacks), its
 * access logs, a VPC without NAT and the EFS file system. Function stacks read them through
 * `valuesFor` alone (shared-values.ts: published outputs, weak references).
 *
 * The network and the file system exist whatever the backend: a stage switched to kafka keeps
 * them idle (no NAT, no endpoints: $0 but stored bytes), so switching the backend never deletes
 * something a not-yet-updated function still uses, and switching back finds the log where it was.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { FlowLogDestination, FlowLogTrafficType, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { CfnMountTarget, FileSystem, PerformanceMode, ThroughputMode, type IFileSystem } from 'aws-cdk-lib/aws-efs';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { httpApiAccessLogFormat } from './access-log.ts';
import { teardownPolicy, type StageConfig } from './config.ts';
import { suppress } from './nag.ts';
import { publish, readShared, type SharedValues } from './shared-values.ts';

export interface SharedStackProps extends StackProps {
  config: StageConfig;
}

export class SharedStack extends Stack {
  private readonly subnetCount: number;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id, props);
    const { config } = props;

    const httpApi = new HttpApi(this, 'Api', { apiName: `egg-${config.stage}`, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: teardownPolicy(config) });
    // Auto-deployed, so a route added by a function stack goes live with that stack's deploy.
    new HttpStage(this, 'DefaultStage', {
      httpApi,
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rate, burstLimit: config.throttle.burst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: httpApiAccessLogFormat() },
    });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });

    const { vpc, fileSystem } = this.fileStorage(config);
    const subnetIds = vpc.isolatedSubnets.map((subnet) => subnet.subnetId);
    this.subnetCount = subnetIds.length;
    publish(this, {
      apiId: httpApi.apiId,
      vpcId: vpc.vpcId,
      subnetIds,
      fileSystemId: fileSystem.fileSystemId,
      fileSystemSecurityGroupId: fileSystem.connections.securityGroups[0].securityGroupId,
    });
  }

  /** What a function stack takes from this one, read when that stack deploys. */
  valuesFor(consumer: Stack): SharedValues {
    return readShared(consumer, this, this.subnetCount);
  }

  /**
   * The embedded log's home: EFS in isolated subnets (no NAT: file-backed functions talk to nothing
   * else), or the file system named by `logFileSystemId` (kept from a torn-down stage, or restored
   * from a backup); backed up daily either way.
   */
  private fileStorage(config: StageConfig): { vpc: Vpc; fileSystem: IFileSystem } {
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: config.maxAzs,
      natGateways: 0,
      subnetConfiguration: [{ name: 'functions', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    vpc.addFlowLog('RejectedFlows', {
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogs', { retention: config.logRetention, removalPolicy: teardownPolicy(config) }),
      ),
      trafficType: FlowLogTrafficType.REJECT,
    });
    const fileSystem = config.logFileSystemId ? this.reuse(vpc, config.logFileSystemId) : new FileSystem(this, 'Log', {
      vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      encrypted: true,
      performanceMode: PerformanceMode.GENERAL_PURPOSE,
      throughputMode: ThroughputMode.ELASTIC,
      // Only IAM principals through a mount target: each function's role names its own access point.
      allowAnonymousAccess: false,
      // The log is the system of record: a torn-down stage keeps its data until deleted by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.backUp(config, fileSystem);
    return { vpc, fileSystem };
  }

  /** A file system that outlived a torn-down stage lost its mount targets with the old VPC: one per subnet of this one. */
  private reuse(vpc: Vpc, fileSystemId: string): IFileSystem {
    const securityGroup = new SecurityGroup(this, 'LogMountTargets', { vpc, description: 'mount targets of the reused log file system', allowAllOutbound: false });
    vpc.isolatedSubnets.forEach(
      (subnet, i) => new CfnMountTarget(this, `LogMountTarget${i}`, { fileSystemId, subnetId: subnet.subnetId, securityGroups: [securityGroup.securityGroupId] }),
    );
    return FileSystem.fromFileSystemAttributes(this, 'Log', { fileSystemId, securityGroup });
  }

  /** A daily AWS Backup of the log, kept per stage; the vault and its recovery points outlive a teardown. */
  private backUp(config: StageConfig, fileSystem: IFileSystem): void {
    const vault = new BackupVault(this, 'LogBackups', { backupVaultName: `egg-${config.stage}-log`, removalPolicy: RemovalPolicy.RETAIN });
    const plan = new BackupPlan(this, 'LogBackupPlan', {
      backupPlanName: `egg-${config.stage}-log`,
      backupVault: vault,
      backupPlanRules: [
        new BackupPlanRule({ ruleName: 'daily', scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(config.backupRetentionDays) }),
      ],
    });
    const selection = plan.addSelection('Log', { resources: [BackupResource.fromEfsFileSystem(fileSystem)] });
    suppress(
      selection,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      "AWS Backup's own service-role policy, the documented grant for backing up EFS; the selection limits the role to this file system",
    );
    new CfnOutput(this, 'LogBackupVault', { value: vault.backupVaultName, description: 'recovery points of the log file system' });
  }
}
