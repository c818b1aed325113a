// Wiring for the operator actions: the store, the mailer and the workflow, once per cold start.
import { requireEnv } from '../../shared/config.js';
import { stopFulfilment } from '../../shared/fulfilment/step-functions.js';
import type { OperatorDeps } from '../../shared/requests/operator-actions.js';
import { notify } from '../verification/dependencies.js';
import { requestStore } from './dependencies.js';

let deps: OperatorDeps | undefined;

export function operatorDeps(): OperatorDeps {
  if (!deps) {
    const stateMachineArn = requireEnv('STATE_MACHINE_ARN');
    deps = {
      store: requestStore(),
      notify: notify(),
      stopWorkflow: (requestId) => stopFulfilment(stateMachineArn, requestId),
      now: () => new Date(),
      actor: { kind: 'operator' },
    };
  }
  return deps;
}
