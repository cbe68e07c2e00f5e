/**
 * What every function stands on and nothing else: the HTTP API (its routes live in the function
 * stacks), its access logs, and for the file backend a VPC without NAT and the EFS file system.
 * The other stacks import these few values; they never change for the life of a stage.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpAuthorizer, HttpAuthorizerType, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { FlowLogDestination, FlowLogTrafficType, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { FileSystem, PerformanceMode, ThroughputMode } from 'aws-cdk-lib/aws-efs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import type { RouteAuth } from './routes.ts';

export interface SharedStackProps extends StackProps {
  config: StageConfig;
}

export class SharedStack extends Stack {
  readonly httpApi: HttpApi;
  /** The JWT authorizer every guarded route of every stack uses; none on a stage that said `auth: 'none'`. */
  readonly routeAuth: RouteAuth;
  /** Set for the file backend only. */
  readonly storage?: { vpc: Vpc; fileSystem: FileSystem };

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.httpApi = new HttpApi(this, 'Api', { apiName: `egg-${config.stage}`, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Auto-deployed, so a route added by a function stack goes live with that stack's deploy.
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rate, burstLimit: config.throttle.burst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });

    // One authorizer for the API, made here once; API Gateway checks signature, iss, aud, exp and nbf, the route its scope.
    if (config.auth !== undefined && config.auth !== 'none') {
      const authorizer = new HttpAuthorizer(this, 'JwtAuthorizer', {
        httpApi: this.httpApi,
        type: HttpAuthorizerType.JWT,
        authorizerName: `egg-${config.stage}-jwt`,
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: config.auth.issuer,
        jwtAudience: [config.auth.audience],
      });
      this.routeAuth = { authorizerId: authorizer.authorizerId };
    }

    if (config.backend === 'file') this.storage = this.fileStorage(config);
  }

  /** The embedded log's home: EFS in isolated subnets (no NAT: file-backed functions talk to nothing else). */
  private fileStorage(config: StageConfig): { vpc: Vpc; fileSystem: FileSystem } {
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: config.maxAzs,
      natGateways: 0,
      subnetConfiguration: [{ name: 'functions', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    vpc.addFlowLog('RejectedFlows', {
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogs', { retention: config.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
      ),
      trafficType: FlowLogTrafficType.REJECT,
    });
    const fileSystem = new FileSystem(this, 'Log', {
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
    return { vpc, fileSystem };
  }
}
