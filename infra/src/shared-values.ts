/**
 * The one channel from the shared stack to the function stacks: named outputs the shared stack
 * always publishes, read by a function stack with `Fn::GetStackOutput` when it deploys (a weak
 * reference: no export locks the shared stack, so it can change; README "Changing the shared
 * stack" gives the order that keeps a running function's subnet or file system in place).
 *
 * Add a shared value (an authorizer, an alarm topic) as one more output here and one more field
 * of `SharedValues`; function stacks take nothing else from the shared stack.
 */
import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { HttpApi, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { SecurityGroup, Vpc, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { FileSystem, type IFileSystem } from 'aws-cdk-lib/aws-efs';
import type { Construct } from 'constructs';

export interface SharedValues {
  httpApi: IHttpApi;
  /** The file backend's network and log; published whatever the backend (shared-stack.ts). */
  vpc: IVpc;
  fileSystem: IFileSystem;
}

/** What the shared stack publishes, as tokens of its own resources. */
export interface Published {
  apiId: string;
  vpcId: string;
  /** One isolated subnet per AZ, in AZ order. */
  subnetIds: string[];
  fileSystemId: string;
  fileSystemSecurityGroupId: string;
}

export const OUTPUT = {
  apiId: 'ApiId',
  vpcId: 'VpcId',
  subnet: (i: number) => `FunctionSubnet${i + 1}`,
  fileSystemId: 'LogFileSystemId',
  fileSystemSecurityGroupId: 'LogFileSystemSecurityGroupId',
} as const;

/** In the shared stack: every value, published under its fixed output name. */
export function publish(shared: Stack, values: Published): void {
  const out = (name: string, value: string) => new CfnOutput(shared, name, { value }).overrideLogicalId(name);
  out(OUTPUT.apiId, values.apiId);
  out(OUTPUT.vpcId, values.vpcId);
  values.subnetIds.forEach((id, i) => out(OUTPUT.subnet(i), id));
  out(OUTPUT.fileSystemId, values.fileSystemId);
  out(OUTPUT.fileSystemSecurityGroupId, values.fileSystemSecurityGroupId);
}

/**
 * In a function stack: the shared values as constructs of its own, each attribute a weak read of
 * the shared stack's output. The stack deploys after the shared stack (`cdk deploy --all`).
 */
export function readShared(consumer: Stack, shared: Stack, subnetCount: number): SharedValues {
  consumer.addStackDependency(shared, 'reads its published outputs');
  const read = (name: string) => Fn.getStackOutput(shared.stackName, name, consumer.region);
  const scope: Construct = consumer;
  const vpc = Vpc.fromVpcAttributes(scope, 'SharedVpc', {
    vpcId: read(OUTPUT.vpcId),
    availabilityZones: Array.from({ length: subnetCount }, (_, i) => Fn.select(i, Fn.getAzs())),
    isolatedSubnetIds: Array.from({ length: subnetCount }, (_, i) => read(OUTPUT.subnet(i))),
  });
  const fileSystem = FileSystem.fromFileSystemAttributes(scope, 'SharedLog', {
    fileSystemId: read(OUTPUT.fileSystemId),
    securityGroup: SecurityGroup.fromSecurityGroupId(scope, 'SharedLogSecurityGroup', read(OUTPUT.fileSystemSecurityGroupId)),
  });
  return { httpApi: HttpApi.fromHttpApiAttributes(scope, 'SharedApi', { httpApiId: read(OUTPUT.apiId) }), vpc, fileSystem };
}
