// cdk-nag findings we accept, each with its reason; the nag test fails on any other.
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs every synthesis runs: AWS Solutions, NIST 800-53 rev 5, and Serverless. */
export const NAG_PACKS = [AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks] as const;

/** Accepts the cdk-nag finding `id` (e.g. `AwsSolutions-IAM5[Resource::*]`) on `scope` and below, for `reason`. */
export function acceptFinding(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 30) throw new Error(`A cdk-nag acknowledgement of ${id} must say why, in a sentence`);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * How cdk-nag names `value` (e.g. an ARN built with `formatArn`) in a finding: its parts as the
 * template holds them, with each reference written `<Name>` (e.g. `<AWS::AccountId>`).
 */
export function findingName(scope: IConstruct, value: string): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const node = part as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
    if (node.Ref !== undefined) return `<${node.Ref}>`;
    if (node['Fn::Join']) return node['Fn::Join'][1].map(render).join(node['Fn::Join'][0]);
    throw new Error(`No cdk-nag name for ${JSON.stringify(part)}`);
  };
  return render(Stack.of(scope).resolve(value));
}
