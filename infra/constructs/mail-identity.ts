// The SES domain identity the mail is sent from: Easy DKIM, a custom MAIL FROM domain, and the
// configuration set that reports bounces and complaints. Its DNS records go in the hosted zone when
// the identity's domain lies in that zone; otherwise the stack prints them as outputs to create by hand.
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { IPublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { EmailIdentity, Identity, MailFromBehaviorOnMxFailure, type IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailIdentityProps {
  /** The domain SES verifies (the sender address is on it). */
  identityDomain: string;
  /** The custom MAIL FROM domain, a subdomain of the identity. */
  mailFromDomain: string;
  configurationSet: IConfigurationSet;
  /** The public hosted zone; records are written there when the identity's domain lies in it. */
  hostedZone?: IPublicHostedZone;
}

export class MailIdentity extends Construct {
  readonly identity: EmailIdentity;
  /** Whether the DKIM and MAIL FROM records were written in the hosted zone (else they are stack outputs). */
  readonly recordsInZone: boolean;

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    const zone = props.hostedZone;
    const domain = props.identityDomain.toLowerCase();
    const zoneName = zone?.zoneName.toLowerCase();
    this.recordsInZone = zoneName !== undefined && (domain === zoneName || domain.endsWith(`.${zoneName}`));
    // Identity.publicHostedZone takes the zone's own name as the identity; a subdomain of the zone
    // (staging.nordlicht.de) is an identity of its own whose records still go in that zone.
    const identity: Identity = this.recordsInZone ? { value: domain, hostedZone: zone } : Identity.domain(domain);
    this.identity = new EmailIdentity(this, 'Identity', {
      identity,
      mailFromDomain: props.mailFromDomain,
      // Mail keeps flowing from amazonses.com while the MAIL FROM records are missing, rather than bouncing.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      configurationSet: props.configurationSet,
      dkimSigning: true,
    });
    if (!this.recordsInZone) {
      this.identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `Easy DKIM record ${i + 1} of 3 for ${props.identityDomain}: create it in its DNS zone`,
        });
      });
      new CfnOutput(this, 'MailFromMx', {
        value: `${props.mailFromDomain} MX 10 feedback-smtp.${Stack.of(this).region}.amazonses.com`,
        description: 'The custom MAIL FROM MX record: create it in its DNS zone',
      });
      new CfnOutput(this, 'MailFromSpf', {
        value: `${props.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
        description: 'The custom MAIL FROM SPF record: create it in its DNS zone',
      });
    }
  }
}
