// Scheduled (EventBridge, hourly): expires unconfirmed requests whose link ran out and reports deadlines as metrics.
import { logger } from '../../shared/logger.js';
import { metricsRecorder, recordSweepMetrics } from '../../shared/metrics.js';
import { sweepDeadlines } from '../../shared/requests/deadline-sweep.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { sweepDeps } from '../wiring/operator.js';
import { SweepInput } from './sweep.schema.js';

export const handler = taskHandler(SweepInput, async (input) => {
  const deps = sweepDeps();
  const report = await sweepDeadlines({ ...deps, nearDeadlineDays: input.nearDeadlineDays ?? deps.nearDeadlineDays });
  recordSweepMetrics(report, metricsRecorder());
  logger.info('Deadline sweep done', {
    open: report.open,
    overdue: report.overdue,
    acknowledgementOverdue: report.acknowledgementOverdue,
    nearDeadline: report.nearDeadline,
    expired: report.expired,
    deferred: report.deferred,
  });
  return report;
});
