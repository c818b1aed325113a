// Wiring: a manual task completed from the console, taken as the task result route takes a report.
import type { CompleteTaskDeps } from '../../shared/console/complete-task.js';
import { operatorActorId, type ConsoleSession } from '../../shared/console/session.js';
import { SfnTaskReporter } from '../../shared/fulfilment/step-functions.js';
import { once } from '../../shared/once.js';
import { now } from './aws.js';
import { requestStore } from './requests.js';
import { systemStore } from './systems.js';
import { taskStore } from './tasks.js';

/** The report's dependencies without the data bucket: the console hands in no export records. */
const reportDeps = /* @__PURE__ */ once(() => ({ systems: systemStore(), tasks: taskStore(), reporter: new SfnTaskReporter(), now }));

/** What completing a task needs, with the signed-in person as the reporter the audit chain records. */
export function consoleTaskDeps(session: ConsoleSession): CompleteTaskDeps {
  return { report: reportDeps(), store: requestStore(), actor: { kind: 'operator', id: operatorActorId(session) } };
}
