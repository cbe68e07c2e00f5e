/**
 * cdk-nag 3 runs as a CDK policy-validation plugin: a finding fails the synth unless it is
 * acknowledged on its construct, with its reason, where the construct is made.
 */
import { Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import type { IConstruct } from 'constructs';

// CommonJS without named exports Node's ESM loader can see.
const { AwsSolutionsChecks } = cdkNag;

export function addNagChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/** `finding` is the rule (`IAM5`) or one finding of it (`IAM5[Resource::*]`). */
export const PUBLIC_ROUTE = 'public by contract (docs/contract.md §1): no authorizer, and none may be added (an authorizer would let callers set the gateway marker)';

export function suppress(construct: IConstruct, finding: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
}
