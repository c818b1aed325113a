// Every log group of the stack: encrypted with the data key, bounded in time, and kept when the
// stack is deleted, so the evidence of what was done outlives a teardown until its retention ends.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface LogSettings {
  retention: RetentionDays;
  /** The data key; the stateful construct lets CloudWatch Logs use it. */
  key: IKey;
}

/** A log group with the house settings. */
export function houseLogGroup(scope: Construct, id: string, settings: LogSettings): LogGroup {
  return new LogGroup(scope, id, { retention: settings.retention, encryptionKey: settings.key, removalPolicy: RemovalPolicy.RETAIN });
}
