// Wiring: the operator actions (extend, deny, cancel, resume) and the deadline sweep.
import { config } from '../../shared/config.js';
import { fulfilmentRunState, stopFulfilment } from '../../shared/fulfilment/step-functions.js';
import { once } from '../../shared/once.js';
import type { Actor } from '../../shared/audit/chain.js';
import type { SweepDeps } from '../../shared/requests/deadline-sweep.js';
import type { OperatorDeps } from '../../shared/requests/operator-actions.js';
import { now } from './aws.js';
import { notify } from './mail.js';
import { requestStore } from './requests.js';
import { systemStore } from './systems.js';
import { taskStore } from './tasks.js';
import { workflowStarter } from './confirmation.js';

const asOperator = /* @__PURE__ */ once((): OperatorDeps => {
  const stateMachineArn = config('stateMachineArn');
  const starter = workflowStarter();
  return {
    store: requestStore(),
    notify: notify(),
    stopWorkflow: (requestId, run) => stopFulfilment(stateMachineArn, requestId, run),
    startWorkflow: (requestId, run) => starter.start(requestId, run),
    workflowRun: (requestId, run) => fulfilmentRunState(stateMachineArn, requestId, run),
    fulfilmentTasks: () => ({ tasks: taskStore(), systems: systemStore() }),
    now,
    actor: { kind: 'operator' },
  };
});

/** What the operator actions need, acting as the operator or as `actor` (a protocol's caller). */
export function operatorDeps(actor?: Actor): OperatorDeps {
  return actor ? { ...asOperator(), actor } : asOperator();
}

/** What the deadline sweep needs. */
export const sweepDeps = /* @__PURE__ */ once(
  (): SweepDeps => ({
    store: requestStore(),
    notify: notify(),
    now,
    nearDeadlineDays: config('nearDeadlineDays'),
  }),
);
