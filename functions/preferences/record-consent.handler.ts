// POST /v1/consents: a company system records a consent, withdrawal or objection, with the browser's GPC signal.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { recordConsent } from '../../shared/preferences/consents.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { RecordConsentBody } from './consent.schema.js';
import { consentDeps } from '../wiring/consents.js';

export const handler = httpHandler({ body: RecordConsentBody }, async ({ body, event }) => {
  const { subject, ...consent } = body;
  const { event: recorded, current } = await recordConsent({ email: subject.email, ...consent, gpc: hasGpcSignal(event.headers) }, consentDeps());
  const { eventId: _eventId, ...view } = recorded;
  return jsonResult(201, { event: view, current });
});
