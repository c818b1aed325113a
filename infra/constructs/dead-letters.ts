// Where an asynchronous invocation that fails all its retries is kept, and the alarm that calls an
// operator to it: an encrypted queue, an on-failure destination into it, and an alarm on its depth.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acceptFinding } from '../nag.js';

/** How long a dead letter waits for an operator: SQS's longest. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A dead-letter queue `id` in `scope`, encrypted with `key`, kept 14 days; `reason` says to cdk-nag
 * why it has no dead-letter queue of its own.
 */
export function deadLetterQueue(scope: Construct, id: string, key: Key, reason: string): Queue {
  const queue = new Queue(scope, id, { encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, retentionPeriod: DEAD_LETTER_RETENTION });
  for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) acceptFinding(queue, rule, reason);
  return queue;
}

/**
 * An on-failure destination in an encrypted queue, granting what sending there takes action by
 * action: CDK's SqsDestination grants the queue key's `kms:ReEncrypt*` and `kms:GenerateDataKey*` too.
 */
export function queueDestination(queue: IQueue, key: Key): IDestination {
  return {
    bind: (_scope, fn: IFunction): DestinationConfig => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [queue.queueArn] }));
      key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      return { destination: queue.queueArn };
    },
  };
}

/** An alarm `id` in `scope` to `topic` as soon as `queue` holds a message. */
export function deadLetterAlarm(scope: Construct, id: string, queue: Queue, topic: ITopic, description: string): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
