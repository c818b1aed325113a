// SES bounce and complaint events: a configuration set publishes them to an encrypted SNS topic,
// whose subscriber puts the addresses on the suppression list. An event that cannot be delivered
// or recorded lands in a dead-letter queue that raises an alarm: a lost complaint would mean
// mailing someone who asked us to stop.
import { Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm, deadLetterQueue, queueDestination } from './dead-letters.js';
import { grantKeyToService } from './key-grants.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface EmailEventsProps {
  key: Key;
  /** The function that takes SES event notifications from SNS. */
  subscriber: PrivacyFunction;
  /** Where the alarm on undelivered events notifies operators. */
  alarmTopic: ITopic;
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

    this.deadLetters = deadLetterQueue(
      this,
      'Undelivered',
      props.key,
      'This queue is itself the dead-letter queue of the SES-event path; its alarm calls an operator.',
    );
    // SNS's delivery to the function, and the function's own retries, both end here when they fail.
    this.topic.addSubscription(new LambdaSubscription(props.subscriber, { deadLetterQueue: this.deadLetters }));
    props.subscriber.configureAsyncInvoke({ retryAttempts: 2, onFailure: queueDestination(this.deadLetters, props.key) });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'UndeliveredAlarm',
      this.deadLetters,
      props.alarmTopic,
      'privacy-ops: an SES bounce or complaint could not be recorded; the suppression list misses it until an operator replays the queue (docs/operations.md)',
    );
  }
}
