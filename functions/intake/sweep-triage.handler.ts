// Scheduled (EventBridge, hourly): counts the triage inbox and the mails waiting in it too long (the alarm watches the count).
import { config } from '../../shared/config.js';
import { sweepTriage } from '../../shared/intake/triage.js';
import { METRIC, metricsRecorder } from '../../shared/metrics.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { inboxStore } from '../wiring/intake.js';
import { SweepTriageInput } from './intake.schema.js';

export const handler = taskHandler(SweepTriageInput, async () => {
  const report = await sweepTriage(inboxStore(), config('triageAlarmDays'), new Date());
  metricsRecorder().count(METRIC.openTriageMails, report.open);
  metricsRecorder().count(METRIC.overdueTriageMails, report.overdue);
  return report;
});
