// The port through which publishing a material policy version starts its notice campaign, and its
// Step Functions adapter.
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/** The environment variable that carries the campaign state machine's ARN. */
export const CAMPAIGN_STATE_MACHINE_ENV = 'CAMPAIGN_STATE_MACHINE_ARN';

export interface CampaignStarter {
  /** Starts the campaign of `version`; asking twice for one version starts one run. */
  start(version: string): Promise<{ executionId: string }>;
}

/** What the campaign workflow starts from: the first account, with no pacing history. */
export interface CampaignWorkflowInput {
  version: string;
  cursor: string | null;
  pace: null;
}

/** The execution name of a version's campaign: one per version, so a second start starts nothing. */
export function campaignExecutionName(version: string): string {
  return `campaign-${version}`;
}

let shared: SFNClient | undefined;
const client = () => (shared ??= new SFNClient({ maxAttempts: 5 }));

export class SfnCampaignStarter implements CampaignStarter {
  constructor(private readonly stateMachineArn: string, private readonly sfn: SFNClient = client()) {}

  async start(version: string): Promise<{ executionId: string }> {
    const name = campaignExecutionName(version);
    const input: CampaignWorkflowInput = { version, cursor: null, pace: null };
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      // Names are unique per state machine: the run exists already, which is what was asked for.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return { executionId: name };
  }
}
