// The two fulfilment runs of a staged objection (shared/domain/objection-stages.ts): the stop at filing, the erasure once confirmed.
import type { Actor } from '../audit/chain.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import type { WorkflowStarter } from '../verification/workflow-starter.js';
import type { ObjectionStage } from './plan.js';

/** The fulfilment run of a staged objection's stop, the one started at filing. */
export const STOP_RUN = 1;

/** The run that carries out a staged objection's erasure (later ones, once an operator resumed it). */
export const ERASE_RUN = 2;

/**
 * Which part of a staged objection a fulfilment run carries out: the stop while it is pending, the
 * erasure after (its run starts only once the stop is done). Nothing for any other request.
 */
export function objectionStage(request: Pick<RequestRecord, 'immediateStop'>): ObjectionStage | undefined {
  if (!request.immediateStop) return undefined;
  return request.immediateStop.state === 'pending' ? 'stop' : 'erase';
}

/**
 * Starts a confirmed staged objection's erasure as its own run, so the stop's tasks and the
 * erasure's each keep their ids; asking twice starts it once.
 */
export async function startErasure(
  request: RequestRecord,
  actor: Actor,
  deps: { store: RequestStore; workflows: Pick<WorkflowStarter, 'start'>; now: () => Date },
): Promise<void> {
  let current = request;
  if ((current.fulfilmentRun ?? STOP_RUN) < ERASE_RUN) {
    const at = deps.now().toISOString();
    current = await deps.store.record(current, [{ type: 'fulfilment.requested', at, actor, data: { workflow: 'fulfilment', stage: 'erase' } }], {
      fulfilmentRun: ERASE_RUN,
    });
  }
  await deps.workflows.start(current.id, current.fulfilmentRun ?? ERASE_RUN);
}
