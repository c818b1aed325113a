// POST /v1/consents/query: where a subject's consents stand, and their history (a POST: emails stay out of URLs).
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { readConsents } from '../../shared/preferences/consents.js';
import { ConsentQueryBody } from './consent.schema.js';
import { consentDeps } from '../wiring/consents.js';

export const handler = httpHandler({ body: ConsentQueryBody }, async ({ body }) => jsonResult(200, await readConsents(body.email, consentDeps())));
