// GET /v1/inbox?state=open: the mails awaiting a person, oldest first.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { inboxView } from '../../shared/intake/triage.js';
import { inboxStore } from '../wiring/intake.js';
import { InboxQuery } from './intake.schema.js';

export const handler = httpHandler({ query: InboxQuery }, async ({ query }) => {
  const open = await inboxStore().open({ limit: query.limit });
  return jsonResult(200, { items: open.map(inboxView) });
});
