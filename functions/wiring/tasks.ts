// Wiring: every system's task of a request, from planning to its outcome.
import { tableName } from '../../shared/config.js';
import { TaskStore } from '../../shared/fulfilment/task-store.js';
import { once } from '../../shared/once.js';

export const taskStore = /* @__PURE__ */ once(() => new TaskStore(tableName('tasks')));
