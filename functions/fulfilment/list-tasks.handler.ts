// GET /v1/tasks: a page of tasks by state (open by default), of one system if asked, nearest due date first.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { listTasks } from '../../shared/fulfilment/list-tasks.js';
import { taskView } from '../../shared/fulfilment/tasks.js';
import { taskStore } from '../wiring/tasks.js';
import { ListTasksQuery } from './task.schema.js';

export const handler = httpHandler({ query: ListTasksQuery }, async ({ query }) => {
  const page = await listTasks(taskStore(), query, new Date());
  return jsonResult(200, { items: page.items.map(taskView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
});
