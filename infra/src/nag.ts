/**
 * cdk-nag 3 runs as a CDK policy-validation plugin: a finding fails the synth unless it is
 * acknowledged on its construct, with its reason, where the construct is made.
 */
import { Validations } from 'aws-cdk-lib';
import { Policy, type IRole, type PolicyStatement } from 'aws-cdk-lib/aws-iam';
import cdkNag from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';

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

/**
 * A statement AWS allows only with a wildcard resource, in a policy of its own on `role`, so the
 * acknowledgement covers that statement and nothing else the role may do. `dependent` (the
 * function) waits for it: Lambda checks some of these permissions when the function is created.
 */
export function wildcardStatement(
  scope: Construct,
  id: string,
  props: { role: IRole; statement: PolicyStatement; finding: string; reason: string; dependent: IConstruct },
): Policy {
  const policy = new Policy(scope, id, { statements: [props.statement] });
  props.role.attachInlinePolicy(policy);
  suppress(policy, props.finding, props.reason);
  props.dependent.node.addDependency(policy);
  return policy;
}
