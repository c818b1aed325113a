// Workflow step: sends the policy notice to one page of active accounts and says how long to wait
// (or, at the 24-hour sending quota, until when).
import { METRIC, metricsRecorder } from '../../shared/metrics.js';
import { campaignStepOutput, sendCampaignPage } from '../../shared/notifications/campaign.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { SendPageInput } from './campaign-workflow.schema.js';
import { campaignDeps } from '../wiring/policies.js';

export const handler = taskHandler(SendPageInput, async (input) => {
  const page = await sendCampaignPage(input, campaignDeps());
  const metrics = metricsRecorder();
  for (const result of ['sent', 'suppressed', 'failed'] as const) {
    if (page[result] > 0) metrics.count(METRIC.campaignSends, page[result], { result });
  }
  return campaignStepOutput(input, page);
});
