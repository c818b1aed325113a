// The port through which a verified request asks for fulfilment.

export interface WorkflowStart {
  requestId: string;
  /** Identifies the run (a Step Functions execution name in AWS). */
  executionId: string;
}

export interface WorkflowStarter {
  /**
   * Asks for run `run` (1 unless an operator resumed the request) of a verified request's
   * fulfilment; asking twice for one run starts it once.
   */
  start(requestId: string, run?: number): Promise<WorkflowStart>;
}
