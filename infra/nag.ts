// cdk-nag findings we accept, each with its reason; the nag test fails on any other.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Accepts the cdk-nag finding `id` (e.g. `AwsSolutions-IAM5[Resource::*]`) on `scope` and below, for `reason`. */
export function acceptFinding(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 30) throw new Error(`A cdk-nag acknowledgement of ${id} must say why, in a sentence`);
  Validations.of(scope).acknowledge({ id, reason });
}
