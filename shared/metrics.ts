// Operational metrics: a small port for the handlers and the request store's observer, and its
// Powertools adapter (CloudWatch embedded metric format on stdout).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { OPEN_STATUSES } from './domain/lifecycle.js';
import type { RequestStatus, RequestType } from './domain/request-model.js';
import { logger } from './logger.js';
import type { RequestWrite } from './requests/request-store.js';
import type { SweepReport } from './requests/deadline-sweep.js';

/** The CloudWatch namespace of every privacy-ops metric. */
export const METRICS_NAMESPACE = 'PrivacyOps';
/** The `service` dimension Powertools adds to every metric. */
export const METRICS_SERVICE = 'privacy-ops';

export const METRIC = {
  requestsFiled: 'RequestsFiled',
  requestOutcomes: 'RequestOutcomes',
  verificationFailures: 'VerificationFailures',
  campaignSends: 'CampaignSends',
  openRequests: 'OpenRequests',
  overdueRequests: 'OverdueRequests',
  acknowledgementOverdueRequests: 'AcknowledgementOverdueRequests',
  nearDeadlineRequests: 'NearDeadlineRequests',
  openTriageMails: 'OpenTriageMails',
  overdueTriageMails: 'OverdueTriageMails',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The statuses that end a request with an answer (or without one, for `expired`). */
export const OUTCOME_STATUSES = ['completed', 'partially-completed', 'denied', 'expired'] as const satisfies readonly RequestStatus[];
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export const VERIFICATION_FAILURE_REASONS = ['identity-mismatch', 'link-not-mailed'] as const;
export const CAMPAIGN_SEND_RESULTS = ['sent', 'suppressed', 'failed'] as const;

/**
 * The only dimensions there are. Each takes its value from a closed list, so no person, address or
 * id ever becomes a dimension.
 */
export interface MetricDimensions {
  type?: RequestType;
  status?: RequestStatus;
  outcome?: OutcomeStatus;
  reason?: (typeof VERIFICATION_FAILURE_REASONS)[number];
  result?: (typeof CAMPAIGN_SEND_RESULTS)[number];
}

/** The port: counts a metric, with at most the dimensions above. */
export interface MetricsRecorder {
  count(name: MetricName, value: number, dimensions?: MetricDimensions): void;
}

/**
 * Powertools Metrics, one EMF line per data point so each carries its own dimensions. The instance is
 * made on first use, after the environment is set: POWERTOOLS_METRICS_DISABLED (set by the local
 * runtime) keeps the lines off the console.
 */
export class PowertoolsMetricsRecorder implements MetricsRecorder {
  private metrics: Metrics | undefined;

  count(name: MetricName, value: number, dimensions: MetricDimensions = {}): void {
    this.metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
    const point = this.metrics.singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) {
      if (dimension !== undefined) point.addDimension(key, dimension);
    }
    point.addMetric(name, MetricUnit.Count, value);
  }
}

let recorder: MetricsRecorder | undefined;

/** The process's metrics recorder. */
export function metricsRecorder(): MetricsRecorder {
  recorder ??= new PowertoolsMetricsRecorder();
  return recorder;
}

const isOutcome = (status: RequestStatus): status is OutcomeStatus => (OUTCOME_STATUSES as readonly RequestStatus[]).includes(status);

/**
 * The request store's observer: derives metrics from what was written (filings by type, failed
 * knowledge checks, unsent links, and outcomes), so no use case has to remember to count. It never
 * throws into the write that was already made.
 */
export function requestMetricsObserver(metrics: MetricsRecorder): (write: RequestWrite) => void {
  return ({ before, after, events }) => {
    try {
      for (const event of events) {
        if (event.type === 'request.received') metrics.count(METRIC.requestsFiled, 1, { type: after.type });
        if (event.type === 'verification.identity-failed') metrics.count(METRIC.verificationFailures, 1, { reason: 'identity-mismatch' });
        if (event.type === 'verification.mail-failed') metrics.count(METRIC.verificationFailures, 1, { reason: 'link-not-mailed' });
      }
      if (before !== after.status && isOutcome(after.status)) {
        metrics.count(METRIC.requestOutcomes, 1, { outcome: after.status });
      }
    } catch (error) {
      logger.warn('Metrics not recorded', { requestId: after.id, error: (error as Error).name });
    }
  };
}

/** The sweep's metrics: open requests per status, overdue, unacknowledged and near-deadline counts. */
export function recordSweepMetrics(report: SweepReport, metrics: MetricsRecorder): void {
  for (const status of OPEN_STATUSES) metrics.count(METRIC.openRequests, report.open[status] ?? 0, { status });
  metrics.count(METRIC.overdueRequests, report.overdue.length);
  metrics.count(METRIC.acknowledgementOverdueRequests, report.acknowledgementOverdue.length);
  metrics.count(METRIC.nearDeadlineRequests, report.nearDeadline.length);
}
