// GET /console/requests: the queue, filtered, sorted and paged.
import { consoleQueue } from '../../shared/console/queue.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { consolePageResult, renderQueuePage } from '../../shared/pages/console-pages.js';
import { consoleController, queueDeps } from '../wiring/console.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleQueueQuery } from './console.schema.js';

export const handler = consoleHandler({ query: ConsoleQueueQuery, errorPage: consoleErrorPage }, async ({ query, session }) => {
  const page = await consoleQueue(queueDeps(), query, new Date());
  return consolePageResult(200, renderQueuePage({ ...page, query }, session, consoleController()));
});
