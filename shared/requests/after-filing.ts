// The step after intake, whatever the channel: the confirmation mail, or fulfilment at once.
import { sendVerificationLink, type VerificationDeps } from '../verification/verify-request.js';
import type { RequestRecord } from './record.js';

/**
 * Mails the confirmation link of a request that awaits verification; starts the fulfilment run of
 * one that needs none (a sale opt-out is carried out at once), and the stop of a staged objection,
 * which no link may hold up (its erasure waits for the link). Returns the request as it now is.
 */
export async function afterFiling(request: RequestRecord, deps: VerificationDeps): Promise<RequestRecord> {
  let current = request;
  if (current.status === 'awaiting-verification') current = await sendVerificationLink(current, deps);
  if (current.status === 'verified' || current.immediateStop?.state === 'pending') await deps.workflows.start(current.id);
  return current;
}
