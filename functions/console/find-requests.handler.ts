// POST /console/find: a request by its id (to its page), or a person's requests by their email's keyed hash.
import { findRequests } from '../../shared/console/queue.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { consolePageResult, renderQueuePage, seeOther } from '../../shared/pages/console-pages.js';
import { consoleController, findDeps } from '../wiring/console.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleFindForm } from './console.schema.js';

export const handler = consoleHandler({ form: ConsoleFindForm, errorPage: consoleErrorPage }, async ({ form, session }) => {
  const found = await findRequests(findDeps(), form.find, new Date());
  if ('requestId' in found) return seeOther(`/console/requests/${found.requestId}`);
  return consolePageResult(
    200,
    renderQueuePage({ rows: [], total: 0, systems: [], query: { sort: 'received', order: 'desc', limit: 50 }, found }, session, consoleController()),
  );
});
