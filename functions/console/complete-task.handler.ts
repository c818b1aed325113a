// POST /console/requests/{id}/tasks/{taskId}: a manual system's task completed by the signed-in operator; back to the request's page.
import { completeTask } from '../../shared/console/complete-task.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { seeOther } from '../../shared/pages/console-pages.js';
import { consoleTaskDeps } from '../wiring/console-tasks.js';
import { ConsoleTaskForm, ConsoleTaskParams } from './console.schema.js';
import { taskFormErrorPage } from './task-form-error-page.js';

export const handler = consoleHandler(
  { action: true, form: ConsoleTaskForm, params: ConsoleTaskParams, errorPage: taskFormErrorPage },
  async ({ form, params, session }) => {
    await completeTask(params.id, params.taskId, form, consoleTaskDeps(session));
    return seeOther(`/console/requests/${params.id}?done=task`);
  },
);
