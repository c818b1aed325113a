// POST /v1/consents: a company system records a consent, withdrawal, objection or opt-out, with the browser's GPC signal.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { recordConsent } from '../../shared/preferences/consents.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { RecordConsentBody } from './consent.schema.js';
import { consentDeps } from '../wiring/consents.js';

export const handler = httpHandler({ body: RecordConsentBody }, async ({ body, event }) => {
  const { subject, ...consent } = body;
  const recorded = await recordConsent(
    { ...consent, email: subject.email, ...(subject.locale ? { locale: subject.locale } : {}), gpc: hasGpcSignal(event.headers) },
    consentDeps(),
  );
  const { eventId: _eventId, ...view } = recorded.event;
  return jsonResult(201, { event: view, current: recorded.current, requests: recorded.requests });
});
