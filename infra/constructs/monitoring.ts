// Operations: the alarms on overdue requests and on mails waiting too long in triage, the topic they
// notify, and the dashboard of the privacy-ops metrics (namespace PrivacyOps, written by the functions through Powertools Metrics).
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, Metric, SingleValueWidget, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { grantKeyToService } from './key-grants.js';
import { OPEN_STATUSES } from '../../shared/domain/lifecycle.js';
import { REQUEST_TYPES } from '../../shared/domain/request-model.js';
import {
  CAMPAIGN_SEND_RESULTS,
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OUTCOME_STATUSES,
  VERIFICATION_FAILURE_REASONS,
  type MetricName,
} from '../../shared/metrics.js';

export interface MonitoringProps {
  /** Encrypts the alarm topic. */
  key: Key;
  /** How often the deadline sweep runs: the period of its metrics. */
  sweepEveryMinutes: number;
  /** How often the triage sweep runs: the period of its metrics. */
  triageEveryMinutes: number;
}

export class Monitoring extends Construct {
  readonly overdueAlarm: Alarm;
  readonly acknowledgementAlarm: Alarm;
  readonly failedAlarm: Alarm;
  readonly triageAlarm: Alarm;
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const sweepPeriod = Duration.minutes(props.sweepEveryMinutes);
    const metric = (name: MetricName, statistic: string, period: Duration, dimensions: Record<string, string> = {}, label?: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
        statistic,
        period,
        ...(label ? { label } : {}),
      });
    const day = Duration.days(1);
    const sum = (name: MetricName, key: string, values: readonly string[]) => values.map((value) => metric(name, 'Sum', day, { [key]: value }, value));

    const overdue = metric(METRIC.overdueRequests, 'Maximum', sweepPeriod, {}, 'overdue');
    this.alarmTopic = new Topic(this, 'Alerts', { masterKey: props.key, enforceSSL: true, displayName: 'privacy-ops operator alerts' });
    // CloudWatch must be able to publish to a topic encrypted with the data key.
    // CloudFormation names each alarm <stack name>-<logical id>-<suffix>: only this stack's alarms may use the key.
    const alarms = Stack.of(this).formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `${Stack.of(this).stackName}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    grantKeyToService(props.key, 'cloudwatch.amazonaws.com', alarms);
    this.overdueAlarm = new Alarm(this, 'OverdueRequests', {
      alarmDescription: 'privacy-ops: at least one open request is past its legal deadline (GET /v1/requests?overdue=true lists them)',
      metric: metric(METRIC.overdueRequests, 'Maximum', sweepPeriod),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means the sweep did not run; that is not an overdue request.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.overdueAlarm.addAlarmAction(new SnsAction(this.alarmTopic));
    const unacknowledged = metric(METRIC.acknowledgementOverdueRequests, 'Maximum', sweepPeriod, {}, 'acknowledgement overdue');
    this.acknowledgementAlarm = new Alarm(this, 'AcknowledgementOverdueRequests', {
      alarmDescription:
        'privacy-ops: an open request was not acknowledged by its acknowledgement deadline (CCPA: 10 business days); the sweep lists it under acknowledgementOverdue',
      metric: metric(METRIC.acknowledgementOverdueRequests, 'Maximum', sweepPeriod),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.acknowledgementAlarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.failedAlarm = new Alarm(this, 'FailedRequests', {
      alarmDescription:
        "privacy-ops: a request's fulfilment failed and waits for an operator to resume, refuse or cancel it (GET /v1/requests?status=failed lists them)",
      metric: metric(METRIC.openRequests, 'Maximum', sweepPeriod, { status: 'failed' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedAlarm.addAlarmAction(new SnsAction(this.alarmTopic));
    // The sweep counts only the mails older than TRIAGE_ALARM_DAYS: any at all is too many.
    const triagePeriod = Duration.minutes(props.triageEveryMinutes);
    this.triageAlarm = new Alarm(this, 'OverdueTriageMails', {
      alarmDescription:
        'privacy-ops: a mail to the privacy address has waited in the triage inbox longer than TRIAGE_ALARM_DAYS days, and the deadline of what it asks runs from receipt (GET /v1/inbox?state=open lists them)',
      metric: metric(METRIC.overdueTriageMails, 'Maximum', triagePeriod),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.triageAlarm.addAlarmAction(new SnsAction(this.alarmTopic));

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-privacy-ops`,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Deadlines and failures',
        alarms: [this.overdueAlarm, this.acknowledgementAlarm, this.failedAlarm, this.triageAlarm],
        width: 6,
        height: 4,
      }),
      new SingleValueWidget({
        title: 'Overdue, unacknowledged and near-deadline requests (last sweep)',
        metrics: [overdue, unacknowledged, metric(METRIC.nearDeadlineRequests, 'Maximum', sweepPeriod, {}, 'near deadline')],
        width: 18,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Open requests by status',
        left: OPEN_STATUSES.map((status) => metric(METRIC.openRequests, 'Maximum', sweepPeriod, { status }, status)),
        stacked: true,
        width: 12,
      }),
      new GraphWidget({
        title: 'Overdue, unacknowledged and near-deadline requests',
        left: [overdue, unacknowledged, metric(METRIC.nearDeadlineRequests, 'Maximum', sweepPeriod, {}, 'near deadline')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Requests filed by type (per day)', left: sum(METRIC.requestsFiled, 'type', REQUEST_TYPES), stacked: true, width: 12 }),
      new GraphWidget({ title: 'Request outcomes (per day)', left: sum(METRIC.requestOutcomes, 'outcome', OUTCOME_STATUSES), stacked: true, width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Verification failures (per day)', left: sum(METRIC.verificationFailures, 'reason', VERIFICATION_FAILURE_REASONS), width: 12 }),
      new GraphWidget({
        title: 'Policy notice campaign sends (per day)',
        left: sum(METRIC.campaignSends, 'result', CAMPAIGN_SEND_RESULTS),
        stacked: true,
        width: 12,
      }),
    );
    // The hourly triage sweep: mails to the privacy address waiting for a person, and those waiting too long.
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Triage inbox (hourly)',
        left: [
          metric(METRIC.openTriageMails, 'Maximum', triagePeriod, {}, 'open'),
          metric(METRIC.overdueTriageMails, 'Maximum', triagePeriod, {}, 'waiting too long'),
        ],
        width: 12,
      }),
    );
  }
}
