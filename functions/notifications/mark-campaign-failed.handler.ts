// Workflow step, on the error path: marks a campaign failed, with the name of what stopped it.
import { markCampaignFailed } from '../../shared/notifications/campaign.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { MarkCampaignFailedInput } from './campaign-workflow.schema.js';
import { finishCampaignDeps } from '../wiring/policies.js';

export const handler = taskHandler(MarkCampaignFailedInput, ({ version, failure }) => markCampaignFailed(version, failure, finishCampaignDeps()));
