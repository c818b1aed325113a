// POST /v1/inbox/{id}/dismiss: closes a triage mail without filing, with the reason.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { dismissMail, inboxView } from '../../shared/intake/triage.js';
import { now } from '../wiring/aws.js';
import { inboxStore } from '../wiring/intake.js';
import { DismissMailBody, InboxIdParams } from './intake.schema.js';

export const handler = httpHandler({ body: DismissMailBody }, async ({ body, event }) => {
  const { id } = parseParams(InboxIdParams, event.pathParameters);
  return jsonResult(200, inboxView(await dismissMail(id, body.reason, { inbox: inboxStore(), now })));
});
