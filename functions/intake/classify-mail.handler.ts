// POST /v1/inbox/{id}/classify: files the rights an operator names from a triage mail, received when the mail was.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { classifyMail, inboxView } from '../../shared/intake/triage.js';
import { receiveMailDeps } from '../wiring/intake.js';
import { ClassifyMailBody, InboxIdParams } from './intake.schema.js';

export const handler = httpHandler({ body: ClassifyMailBody }, async ({ body, event }) => {
  const { id } = parseParams(InboxIdParams, event.pathParameters);
  const { mail, filed } = await classifyMail(id, body, receiveMailDeps());
  return jsonResult(201, { mail: inboxView(mail), requestIds: filed.map((f) => f.request.id) });
});
