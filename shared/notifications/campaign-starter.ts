// The port through which publishing a material policy version starts its notice campaign, and its
// Step Functions adapter.
import { traced } from '../tracer.js';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DEFAULT_SEGMENTS, MAX_SEGMENTS } from './model.js';

export interface CampaignStarter {
  /** Starts the campaign of `version`; asking twice for one version starts one run. */
  start(version: string): Promise<{ executionId: string }>;
}

/** What the campaign workflow starts from: the parts of the directory it sends to side by side. */
export interface CampaignWorkflowInput {
  version: string;
  /** 0 … segmentCount - 1: the distributed Map runs one child per entry. */
  segments: number[];
  segmentCount: number;
}

/** The execution name of a version's campaign: one per version, so a second start starts nothing. */
export function campaignExecutionName(version: string): string {
  return `campaign-${version}`;
}

let shared: SFNClient | undefined;
const client = () => (shared ??= traced(new SFNClient({ maxAttempts: 5 })));

export class SfnCampaignStarter implements CampaignStarter {
  constructor(
    private readonly stateMachineArn: string,
    private readonly segmentCount: number = DEFAULT_SEGMENTS,
    private readonly sfn: SFNClient = client(),
  ) {
    if (!Number.isInteger(segmentCount) || segmentCount < 1 || segmentCount > MAX_SEGMENTS) {
      throw new RangeError(`A campaign runs in 1 to ${MAX_SEGMENTS} parts, not ${segmentCount}`);
    }
  }

  async start(version: string): Promise<{ executionId: string }> {
    const name = campaignExecutionName(version);
    const segments = Array.from({ length: this.segmentCount }, (_, segment) => segment);
    const input: CampaignWorkflowInput = { version, segments, segmentCount: this.segmentCount };
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      // Names are unique per state machine: the run exists already, which is what was asked for.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return { executionId: name };
  }
}
