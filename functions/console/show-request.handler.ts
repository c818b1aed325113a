// GET /console/requests/{id}: one request, its timeline, tasks, mail and the actions the law allows now.
import { requestDetail } from '../../shared/console/request-detail.js';
import { ACTION_DONE } from '../../shared/console/actions.js';
import { TASK_DONE } from '../../shared/console/complete-task.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { consolePageResult, renderRequestPage } from '../../shared/pages/console-pages.js';
import { consoleController, requestDetailDeps } from '../wiring/console.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleRequestQuery } from './console.schema.js';

export const handler = consoleHandler({ query: ConsoleRequestQuery, errorPage: consoleErrorPage }, async ({ event, query, session }) => {
  const detail = await requestDetail(requestDetailDeps(), event.pathParameters?.id ?? '', new Date());
  const done = query.done === 'task' ? TASK_DONE : query.done ? ACTION_DONE[query.done] : undefined;
  return consolePageResult(200, renderRequestPage(detail, session, consoleController(), done));
});
