// The port through which a verified request asks for fulfilment.

export interface WorkflowStart {
  requestId: string;
  /** Identifies the run (a Step Functions execution name in AWS). */
  executionId: string;
}

export interface WorkflowStarter {
  /** Asks for the fulfilment of a verified request; asking twice for one request starts one run. */
  start(requestId: string): Promise<WorkflowStart>;
}
