// An operator's action from the console: the same domain actions the operator routes call, with
// the signed-in person as the actor the audit chain records.
import { InvalidInputError } from '../errors.js';
import { cancelRequest, denyRequest, extendRequest, resumeRequest, type OperatorDeps } from '../requests/operator-actions.js';
import type { RequestRecord } from '../requests/record.js';
import type { DenialCode } from '../text/vocabulary.js';
import { requireIdentity, type RequireIdentityDeps } from '../verification/require-identity.js';
import type { ConsoleAction } from './request-detail.js';

export interface ActionForm {
  reason?: string;
  code?: DenialCode;
}

/**
 * Runs `action` on request `id` as `deps.actor`; a missing reason or ground is the operator's mistake
 * (400), a refusal of the law a ConflictError (409). Requiring the identity provider uses `identity`.
 */
export async function actOnRequest(
  action: ConsoleAction,
  id: string,
  form: ActionForm,
  deps: OperatorDeps,
  identity: () => RequireIdentityDeps,
): Promise<RequestRecord> {
  switch (action) {
    case 'extend':
      if (!form.reason) throw new InvalidInputError('An extension needs its reason: it is mailed to the person.', 'reason');
      return extendRequest(id, form.reason, deps);
    case 'deny':
      if (!form.code) throw new InvalidInputError('A refusal needs its ground.', 'code');
      if (!form.reason) throw new InvalidInputError('A refusal needs its reason: it is mailed to the person.', 'reason');
      return denyRequest(id, form.code, form.reason, deps);
    case 'cancel':
      return cancelRequest(id, deps);
    case 'resume':
      return resumeRequest(id, deps);
    case 'require-identity':
      return requireIdentity(id, identity(), deps.actor);
  }
}

/** What the request page says after an action went through. */
export const ACTION_DONE: Record<ConsoleAction, string> = {
  extend: 'Extended: the person has been mailed the new date and the reason.',
  deny: 'Refused: the person has been mailed the reason and where to complain.',
  cancel: 'Cancelled: its fulfilment is stopped and the person has been told.',
  resume: 'Resumed: a fulfilment run has started.',
  'require-identity': 'Identity required: the person goes on only by verifying with the independent provider.',
};
