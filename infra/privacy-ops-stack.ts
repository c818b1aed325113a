// The privacy-ops stack: stateful resources and the stateless API on top of them.
import { ConsoleIdentity } from './constructs/console-identity.js';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { settings } from '../shared/config.js';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StackConfig } from './config.js';
import { Stateful } from './constructs/stateful.js';
import { Stateless, type StatelessProps } from './constructs/stateless.js';
import { fulfilmentMachineName, Workflows } from './constructs/workflows.js';
import { EmailEvents } from './constructs/email-events.js';
import { Monitoring } from './constructs/monitoring.js';
import { acceptFinding } from './nag.js';
import { Schedules } from './constructs/schedules.js';
import { CustomDomain } from './constructs/custom-domain.js';
import { MailIdentity } from './constructs/mail-identity.js';
import { EmailIntake } from './constructs/email-intake.js';
import { PublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { lambdas, type LambdaId, type LambdaSpec } from '../shared/lambdas.js';

export interface PrivacyOpsStackProps extends StackProps {
  projectRoot: string;
  config: StackConfig;
  /** Overrides the route table (tests only). */
  routes?: StatelessProps['routes'];
}

function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  if (!allowed.includes(days)) {
    throw new Error(`Context privacy-ops:logRetentionDays must be one of CloudWatch's values: ${allowed.join(', ')}`);
  }
  return days as RetentionDays;
}

export class PrivacyOpsStack extends Stack {
  readonly stateful: Stateful;
  readonly stateless: Stateless;
  readonly workflows: Workflows;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;
  /** The custom domain; absent only in a demo without an edge. */
  readonly customDomain?: CustomDomain;
  readonly mailIdentity: MailIdentity;
  /** The SES receipt rule for the privacy addresses; absent when the configuration names none. */
  readonly emailIntake?: EmailIntake;
  /** The console's user pool, groups, hosted sign-in and app client. */
  readonly consoleIdentity: ConsoleIdentity;

  constructor(scope: Construct, id: string, props: PrivacyOpsStackProps) {
    super(scope, id, props);
    this.stateful = new Stateful(this, 'Stateful', { deletionProtection: props.config.deletionProtection });
    const logs = { retention: retentionDays(props.config.logRetentionDays), key: this.stateful.key };
    this.stateless = new Stateless(this, 'Stateless', {
      projectRoot: props.projectRoot,
      config: props.config,
      stateful: this.stateful,
      logs,
      routes: props.routes,
    });
    this.workflows = new Workflows(this, 'Workflows', { functions: this.stateless.functions, logs });
    this.consoleIdentity = new ConsoleIdentity(this, 'ConsoleIdentity', {
      domain: props.config.domain,
      ...(props.config.console?.signInDomainPrefix ? { signInDomainPrefix: props.config.console.signInDomainPrefix } : {}),
      deletionProtection: props.config.deletionProtection,
    });
    for (const [lambdaId, spec] of Object.entries(lambdas) as [LambdaId, LambdaSpec][]) {
      const fn = this.stateless.functions[lambdaId];
      if (spec.workflow === 'start') fn.allowStartWorkflow(this.workflows.fulfilment);
      if (spec.workflow === 'report') fn.allowReportToWorkflow(this.workflows.fulfilment);
      if (spec.startsCampaign) fn.allowStartCampaign(this.workflows.campaign);
      if (spec.workflow === 'stop') fn.allowStopWorkflow(this.workflows.fulfilment, fulfilmentMachineName(this.stackName));
      if (spec.consoleIdentity) {
        fn.addEnvironment(settings.consoleClientId.envVar, this.consoleIdentity.client.userPoolClientId);
        if (spec.consoleIdentity === 'verify') fn.addEnvironment(settings.consoleIssuer.envVar, this.consoleIdentity.issuer);
        if (spec.consoleIdentity === 'sign-in') fn.addEnvironment(settings.consoleSignInUrl.envVar, this.consoleIdentity.signInUrl);
      }
      if (spec.workflow === 'resume' || spec.workflow === 'operate') fn.allowResumeWorkflow(this.workflows.fulfilment, fulfilmentMachineName(this.stackName));
      if (spec.workflow === 'operate') fn.allowStopWorkflow(this.workflows.fulfilment, fulfilmentMachineName(this.stackName));
    }
    this.monitoring = new Monitoring(this, 'Monitoring', {
      key: this.stateful.key,
      sweepEveryMinutes: lambdas.sweepDeadlines.schedule.everyMinutes,
      triageEveryMinutes: lambdas.sweepTriage.schedule.everyMinutes,
    });
    const { edge: edgeConfig, email, domain } = props.config;
    const zone = edgeConfig?.hostedZone
      ? PublicHostedZone.fromPublicHostedZoneAttributes(this, 'HostedZone', { hostedZoneId: edgeConfig.hostedZone.id, zoneName: edgeConfig.hostedZone.name })
      : undefined;
    if (edgeConfig) {
      this.customDomain = new CustomDomain(this, 'CustomDomain', {
        api: this.stateless.api,
        domain,
        certificateArn: edgeConfig.certificateArn,
        hostedZone: zone,
      });
    }
    const emailEvents = new EmailEvents(this, 'EmailEvents', {
      key: this.stateful.key,
      subscriber: this.stateless.functions.recordSesEvent,
      alarmTopic: this.monitoring.alarmTopic,
    });
    this.mailIdentity = new MailIdentity(this, 'MailIdentity', {
      identityDomain: email.identityDomain,
      mailFromDomain: email.mailFromDomain,
      configurationSet: emailEvents.configurationSet,
      hostedZone: zone,
    });
    for (const [lambdaId, spec] of Object.entries(lambdas) as [LambdaId, LambdaSpec][]) {
      if (spec.sendsEmail) this.stateless.functions[lambdaId].useConfigurationSet(emailEvents.configurationSet.configurationSetName);
    }
    if (props.config.emailIntake) {
      const { addresses, ruleSetName } = props.config.emailIntake;
      this.emailIntake = new EmailIntake(this, 'EmailIntake', {
        addresses,
        ...(ruleSetName ? { ruleSetName } : {}),
        bucket: this.stateful.buckets.data,
        key: this.stateful.key,
        receiver: this.stateless.functions.receiveMail,
        alarmTopic: this.monitoring.alarmTopic,
      });
      // Intake reads a mail to one of these addresses as written to us, never as from a stranger.
      for (const lambdaId of ['receiveMail', 'handInEmail'] as const) {
        this.stateless.functions[lambdaId].addEnvironment(settings.intakeAddresses.envVar, addresses.join(','));
      }
    }
    this.schedules = new Schedules(this, 'Schedules', { functions: this.stateless.functions });
    const accountRetention = this.stateless.functions.eraseDeactivatedAccounts;
    accountRetention.addEnvironment(settings.accountGraceDays.envVar, String(props.config.accountGraceDays));
    const retentionSchedule = new Rule(this, 'AccountRetentionSchedule', {
      description: 'privacy-ops: erases deactivated accounts past their grace period, daily',
      schedule: Schedule.cron({ minute: '30', hour: '3' }),
      targets: [new LambdaFunction(accountRetention, { retryAttempts: 2 })],
    });
    acceptFinding(
      retentionSchedule,
      'Serverless-EventBusDLQ',
      "The daily event carries nothing to keep: a run that fails after its retries is replaced by the next day's, which erases every account whose grace period has passed.",
    );
    acceptFinding(
      this,
      'NIST.800.53.R5-IAMNoInlinePolicy',
      "Each role's policy is generated for that one role from the lambda catalogue or the route table and tested (test/infra); a managed policy would be a second place to keep in step.",
    );
    new CfnOutput(this, 'ApiUrl', {
      value: this.customDomain ? `https://${domain}/` : this.stateless.api.url,
      description: 'Base URL of the privacy-ops API: the custom domain the emailed links name',
    });
    if (this.customDomain && !zone) {
      new CfnOutput(this, 'DomainTarget', {
        value: this.customDomain.domainName.domainNameAliasDomainName,
        description: `Point ${domain} here (CNAME, or an alias A/AAAA record): the API custom domain's regional endpoint`,
      });
    }
    new CfnOutput(this, 'EmailIdentity', {
      value: this.mailIdentity.identity.emailIdentityName,
      description: 'The SES domain identity (Easy DKIM, custom MAIL FROM) the mail is sent from',
    });
    if (this.emailIntake) {
      new CfnOutput(this, 'InboundMailMx', {
        value: `10 inbound-smtp.${this.region}.amazonaws.com`,
        description: `The MX record of the privacy addresses' domain: SES receives their mail in this Region (rule set ${this.emailIntake.ruleSetName}, docs/deploy.md)`,
      });
      new CfnOutput(this, 'IntakeFailedRunsQueueUrl', {
        value: this.emailIntake.failedRuns.queueUrl,
        description: 'The queue of mails receiveMail failed on after its retries, to replay (docs/operations.md#mail-intake-could-not-take-in)',
      });
    }
    new CfnOutput(this, 'OpenDsrSigningKeyArn', {
      value: this.stateful.processorKey.keyArn,
      description: 'The KMS key that signs OpenDSR answers and callbacks: npm run opendsr-csr -- --key <this ARN> makes the request a CA certifies',
    });
    new CfnOutput(this, 'AlertsTopicArn', {
      value: this.monitoring.alarmTopic.topicArn,
      description: 'Subscribe operators here: overdue requests raise an alarm',
    });
  }
}
