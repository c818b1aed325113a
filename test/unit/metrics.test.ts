import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../shared/requests/record.js';
import type { SweepReport } from '../../shared/requests/deadline-sweep.js';
import {
  METRIC,
  PowertoolsMetricsRecorder,
  recordSweepMetrics,
  requestMetricsObserver,
  type MetricDimensions,
  type MetricName,
  type MetricsRecorder,
} from '../../shared/metrics.js';
import { captureOutput } from '../support/lambda.js';

/** A recorder that keeps what it was given. */
function recording() {
  const points: { name: MetricName; value: number; dimensions: MetricDimensions }[] = [];
  const recorder: MetricsRecorder = { count: (name, value, dimensions = {}) => void points.push({ name, value, dimensions }) };
  return { points, recorder };
}

const record = (overrides: Partial<RequestRecord>): RequestRecord =>
  ({
    id: '01JMETRICS000000000000000A',
    type: 'deletion',
    status: 'awaiting-verification',
    ...overrides,
  }) as RequestRecord;

const event = (type: string) => ({ type, at: '2026-11-20T10:00:00.000Z', actor: { kind: 'system' as const }, data: {} });

describe('requestMetricsObserver', () => {
  it('counts a new request by its type', () => {
    // Prepare
    const { points, recorder } = recording();

    // Act
    requestMetricsObserver(recorder)({ before: undefined, after: record({}), events: [event('request.received'), event('request.awaiting-verification')] });

    // Assess
    expect(points).toEqual([{ name: METRIC.requestsFiled, value: 1, dimensions: { type: 'deletion' } }]);
  });

  it.each(['completed', 'partially-completed', 'denied', 'expired'] as const)('counts the outcome %s once, when the status changes to it', (outcome) => {
    // Prepare
    const { points, recorder } = recording();
    const observe = requestMetricsObserver(recorder);

    // Act
    observe({ before: 'in-progress', after: record({ status: outcome }), events: [event('request.closed')] });
    observe({ before: outcome, after: record({ status: outcome }), events: [event('note')] });

    // Assess
    expect(points).toEqual([{ name: METRIC.requestOutcomes, value: 1, dimensions: { outcome } }]);
  });

  it('counts failed knowledge checks and links that could not be mailed, and no cancellation as an outcome', () => {
    // Prepare
    const { points, recorder } = recording();
    const observe = requestMetricsObserver(recorder);

    // Act
    observe({ before: 'awaiting-verification', after: record({}), events: [event('verification.identity-failed')] });
    observe({ before: 'awaiting-verification', after: record({}), events: [event('verification.mail-failed')] });
    observe({ before: 'verified', after: record({ status: 'cancelled' }), events: [event('request.cancelled')] });

    // Assess
    expect(points).toEqual([
      { name: METRIC.verificationFailures, value: 1, dimensions: { reason: 'identity-mismatch' } },
      { name: METRIC.verificationFailures, value: 1, dimensions: { reason: 'link-not-mailed' } },
    ]);
  });

  it('never throws into a write that was already made', () => {
    // Prepare
    const broken: MetricsRecorder = {
      count: () => {
        throw new Error('stdout closed');
      },
    };

    // Act
    const observe = () => requestMetricsObserver(broken)({ before: undefined, after: record({}), events: [event('request.received')] });

    // Assess
    expect(observe).not.toThrow();
  });
});

describe('recordSweepMetrics', () => {
  it('counts open requests per status, overdue, unacknowledged and near-deadline ones', () => {
    // Prepare
    const { points, recorder } = recording();
    const report: SweepReport = {
      sweptAt: '2026-11-20T10:00:00.000Z',
      nearDeadlineDays: 5,
      open: { received: 0, 'awaiting-verification': 2, verified: 1, 'in-progress': 4, failed: 1 },
      overdue: ['01JA', '01JB'],
      acknowledgementOverdue: ['01JE', '01JF', '01JG'],
      nearDeadline: ['01JC'],
      expired: ['01JD'],
      deferred: [],
    };

    // Act
    recordSweepMetrics(report, recorder);

    // Assess
    expect(points).toEqual([
      { name: METRIC.openRequests, value: 0, dimensions: { status: 'received' } },
      { name: METRIC.openRequests, value: 2, dimensions: { status: 'awaiting-verification' } },
      { name: METRIC.openRequests, value: 1, dimensions: { status: 'verified' } },
      { name: METRIC.openRequests, value: 4, dimensions: { status: 'in-progress' } },
      { name: METRIC.openRequests, value: 1, dimensions: { status: 'failed' } },
      { name: METRIC.overdueRequests, value: 2, dimensions: {} },
      { name: METRIC.acknowledgementOverdueRequests, value: 3, dimensions: {} },
      { name: METRIC.nearDeadlineRequests, value: 1, dimensions: {} },
    ]);
  });
});

describe('PowertoolsMetricsRecorder', () => {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  afterEach(() => {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  });

  it('writes one EMF line per data point, in the PrivacyOps namespace with its dimensions', async () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const recorder = new PowertoolsMetricsRecorder();

    // Act
    const { output } = await captureOutput(async () => {
      recorder.count(METRIC.requestsFiled, 1, { type: 'access' });
      recorder.count(METRIC.overdueRequests, 3);
    });

    // Assess
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { _aws: { CloudWatchMetrics: unknown[] } });
    expect(lines).toHaveLength(2);
    expect(lines[0]!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'PrivacyOps',
      Dimensions: [['service', 'type']],
      Metrics: [{ Name: 'RequestsFiled', Unit: 'Count' }],
    });
    expect(lines[0]).toMatchObject({ service: 'privacy-ops', type: 'access', RequestsFiled: 1 });
    expect(lines[1]).toMatchObject({ OverdueRequests: 3 });
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is set, as the local runtime sets it', async () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const recorder = new PowertoolsMetricsRecorder();

    // Act
    const { output } = await captureOutput(async () => recorder.count(METRIC.requestsFiled, 1, { type: 'access' }));

    // Assess
    expect(output).toBe('');
  });
});
