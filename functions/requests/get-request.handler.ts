// GET /v1/requests/{id}: status, deadlines, verification and each system's task of one request.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { getRequestWithTasks } from '../../shared/requests/read-requests.js';
import { requestView } from '../../shared/requests/request-view.js';
import { requestReader } from '../wiring/requests.js';
import { systemStore } from '../wiring/systems.js';
import { taskStore } from '../wiring/tasks.js';

export const handler = httpHandler({}, async ({ event }) => {
  const now = new Date();
  const { record, tasks } = await getRequestWithTasks(requestReader(), { tasks: taskStore(), systems: systemStore() }, event.pathParameters?.id ?? '', now);
  return jsonResult(200, requestView(record, now, { tasks }));
});
