// Workflow step: marks a campaign completed after its last page.
import { completeCampaign } from '../../shared/notifications/campaign.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { CompleteCampaignInput } from './campaign-workflow.schema.js';
import { finishCampaignDeps } from '../wiring/policies.js';

export const handler = taskHandler(CompleteCampaignInput, ({ version }) => completeCampaign(version, finishCampaignDeps()));
