// SES bounce and complaint events: a configuration set publishes them to an encrypted SNS topic,
// whose subscriber puts the addresses on the suppression list.
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { PrivacyFunction } from './privacy-function.js';

export interface EmailEventsProps {
  key: Key;
  /** The function that takes SES event notifications from SNS. */
  subscriber: PrivacyFunction;
}

export class EmailEvents extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Events', { masterKey: props.key, enforceSSL: true, displayName: 'privacy-ops SES bounces and complaints' });
    // SES must be able to publish to a topic encrypted with the data key.
    props.key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.configurationSet = new ConfigurationSet(this, 'Mail', {});
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.topic.addSubscription(new LambdaSubscription(props.subscriber));
  }
}
