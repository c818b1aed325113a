// Wiring: what filing a request needs, for the REST API and the protocols alike. Apart from
// requests.ts and protocols.ts so that only the functions that file load the deadline calendars.
import type { Actor } from '../../shared/audit/chain.js';
import { config } from '../../shared/config.js';
import type { ProtocolFileDeps } from '../../shared/protocols/protocol-deps.js';
import { afterFiling } from '../../shared/requests/after-filing.js';
import type { FileRequestDeps } from '../../shared/requests/file-request.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { jurisdictionCalendars } from './calendars.js';
import { readDeps } from './protocols.js';
import { newRequestId, permissionDocuments, requestStore } from './requests.js';
import { accountDirectory, confirmationDeps } from './confirmation.js';

/** What filing needs, with `actor` recorded as who filed. */
export function filingDeps(actor: Actor): FileRequestDeps {
  return {
    store: requestStore(),
    documents: permissionDocuments(),
    subjectKey: subjectHashKey,
    calendars: jurisdictionCalendars(),
    newId: newRequestId,
    now,
    actor,
    languages: config('languages'),
    // Built on first use: a function that files without the directory's grant would otherwise fail at the start of every filing.
    accounts: { findByEmail: (email) => accountDirectory().findByEmail(email) },
  };
}

/** After intake: the confirmation mail, or fulfilment at once when none is needed. */
export const afterFiled = (request: RequestRecord): Promise<RequestRecord> => afterFiling(request, confirmationDeps());

/** What a protocol's filing needs, acting as `actorId` (e.g. `opendsr:<controller>`, `drp:<agent>`). */
export function protocolFileDeps(actorId: string): ProtocolFileDeps {
  const controllers = config('openDsrControllers');
  return { ...readDeps(), filing: filingDeps({ kind: 'system', id: actorId }), afterFiled, ...(controllers ? { openDsrControllers: controllers } : {}) };
}
