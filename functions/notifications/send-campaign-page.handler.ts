// Workflow step: sends the policy notice to one page of active accounts and says how long to wait.
import { METRIC, metricsRecorder } from '../../shared/metrics.js';
import { sendCampaignPage } from '../../shared/notifications/campaign.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { SendPageInput } from './campaign-workflow.schema.js';
import { campaignDeps } from '../wiring/policies.js';

export const handler = taskHandler(SendPageInput, async (input) => {
  const page = await sendCampaignPage(input, campaignDeps());
  const metrics = metricsRecorder();
  for (const result of ['sent', 'suppressed', 'failed'] as const) {
    if (page[result] > 0) metrics.count(METRIC.campaignSends, page[result], { result });
  }
  return {
    version: input.version,
    segment: input.segment,
    segments: input.segments,
    cursor: page.nextCursor ?? null,
    more: page.nextCursor !== undefined,
    waitSeconds: page.waitSeconds,
    pace: page.pace,
    sent: page.sent,
    suppressed: page.suppressed,
    failed: page.failed,
    skipped: page.skipped,
    calls: page.calls,
  };
});
