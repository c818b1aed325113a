// Wiring for the two protocol functions that file requests (OpenDSR and DRP). Apart from
// dependencies.ts so the reading protocol functions never load the deadline calendars.
import type { Actor } from '../../shared/audit/chain.js';
import type { ProtocolFileDeps } from '../../shared/protocols/protocol-deps.js';
import type { FileRequestDeps } from '../../shared/requests/file-request.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { sendVerificationLink } from '../../shared/verification/verify-request.js';
import { jurisdictionCalendars } from '../requests/calendar-dependencies.js';
import { newRequestId, permissionDocuments, requestStore } from '../requests/dependencies.js';
import { verificationDeps } from '../verification/dependencies.js';
import { readDeps } from './dependencies.js';

/** What filing needs, with the protocol's caller recorded as the actor. */
export function filingDeps(actor: Actor): FileRequestDeps {
  return {
    store: requestStore(),
    documents: permissionDocuments(),
    subjectKey: subjectHashKey,
    calendars: jurisdictionCalendars(),
    newId: newRequestId,
    now: () => new Date(),
    actor,
  };
}

/** After intake, as for any filed request: the confirmation mail, or fulfilment at once when none is needed. */
export async function afterFiled(request: Parameters<typeof sendVerificationLink>[0]) {
  let current = request;
  if (current.status === 'awaiting-verification') current = await sendVerificationLink(current, verificationDeps());
  if (current.status === 'verified') await verificationDeps().workflows.start(current.id);
  return current;
}

/** What filing needs, acting as `actorId` (e.g. `opendsr:<controller>`, `drp:<agent>`). */
export function fileDeps(actorId: string): ProtocolFileDeps {
  return { ...readDeps(), filing: filingDeps({ kind: 'system', id: actorId }), afterFiled };
}
