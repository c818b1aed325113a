// Wiring for the operator actions: the store, the mailer and the workflow, once per cold start.
import { requireEnv } from '../../shared/config.js';
import { fulfilmentRunState, SfnWorkflowStarter, stopFulfilment } from '../../shared/fulfilment/step-functions.js';
import type { OperatorDeps } from '../../shared/requests/operator-actions.js';
import { notify } from '../verification/dependencies.js';
import { requestStore } from './dependencies.js';

let deps: OperatorDeps | undefined;

export function operatorDeps(): OperatorDeps {
  if (!deps) {
    const stateMachineArn = requireEnv('STATE_MACHINE_ARN');
    const starter = new SfnWorkflowStarter(stateMachineArn);
    deps = {
      store: requestStore(),
      notify: notify(),
      stopWorkflow: (requestId, run) => stopFulfilment(stateMachineArn, requestId, run),
      startWorkflow: (requestId, run) => starter.start(requestId, run),
      workflowRun: (requestId, run) => fulfilmentRunState(stateMachineArn, requestId, run),
      now: () => new Date(),
      actor: { kind: 'operator' },
    };
  }
  return deps;
}
