// SES bounce and complaint events: a configuration set publishes them to an encrypted SNS topic,
// whose subscriber puts the addresses on the suppression list. An event that cannot be delivered
// or recorded lands in a dead-letter queue that raises an alarm: a lost complaint would mean
// mailing someone who asked us to stop.
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acceptFinding } from '../nag.js';
import { grantKeyToService } from './key-grants.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface EmailEventsProps {
  key: Key;
  /** The function that takes SES event notifications from SNS. */
  subscriber: PrivacyFunction;
  /** Where the alarm on undelivered events notifies operators. */
  alarmTopic: ITopic;
}

/**
 * An on-failure destination in an encrypted queue, granting what sending there takes action by
 * action: CDK's SqsDestination grants the queue key's `kms:ReEncrypt*` and `kms:GenerateDataKey*` too.
 */
function queueDestination(queue: IQueue, key: Key): IDestination {
  return {
    bind: (_scope, fn: IFunction): DestinationConfig => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [queue.queueArn] }));
      key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      return { destination: queue.queueArn };
    },
  };
}

export class EmailEvents extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;
  readonly deadLetters: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Events', { masterKey: props.key, enforceSSL: true, displayName: 'privacy-ops SES bounces and complaints' });
    // SES publishes to a topic encrypted with the data key, and SNS moves what it cannot deliver to a queue encrypted with it.
    // Mail leaves SES only over TLS: a notice names a person's request, and a link in it acts on it.
    this.configurationSet = new ConfigurationSet(this, 'Mail', { tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE });
    const stack = Stack.of(this);
    grantKeyToService(
      props.key,
      'ses.amazonaws.com',
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
    );
    // The topic's ARN cannot appear in the key's policy (the topic is encrypted with that key: a
    // cycle); CloudFormation names it <stack name>-<logical id>-<suffix>.
    grantKeyToService(props.key, 'sns.amazonaws.com', stack.formatArn({ service: 'sns', resource: `${stack.stackName}-*` }));
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.deadLetters = new Queue(this, 'Undelivered', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      acceptFinding(this.deadLetters, rule, 'This queue is itself the dead-letter queue of the SES-event path; its alarm calls an operator.');
    }
    // SNS's delivery to the function, and the function's own retries, both end here when they fail.
    this.topic.addSubscription(new LambdaSubscription(props.subscriber, { deadLetterQueue: this.deadLetters }));
    props.subscriber.configureAsyncInvoke({ retryAttempts: 2, onFailure: queueDestination(this.deadLetters, props.key) });

    this.deadLetterAlarm = new Alarm(this, 'UndeliveredAlarm', {
      alarmDescription:
        'privacy-ops: an SES bounce or complaint could not be recorded; the suppression list misses it until an operator replays the queue (docs/operations.md)',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
