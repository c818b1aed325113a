// The task contract: GET /v1/tasks (its query and page) and the task resource the request view shows too.
import * as z from 'zod';
import { CONNECTOR_KINDS, OUTCOMES, TASK_ACTIONS } from '../../shared/fulfilment/model.js';
import { SYSTEM_ID } from '../../shared/fulfilment/register-system.js';
import { TASK_STATES } from '../../shared/fulfilment/tasks.js';

export const TaskResource = z
  .object({
    taskId: z.string().meta({ description: 'The task: <request id>.<run>.<system id>' }),
    requestId: z.string(),
    systemId: z.string(),
    action: z.enum(TASK_ACTIONS),
    connector: z.enum(CONNECTOR_KINDS),
    state: z.enum(TASK_STATES).meta({ description: 'open until the outcome is known (finished), or until the request no longer needs it (cancelled)' }),
    dueAt: z.iso.datetime().meta({ description: 'When the system must have reported; an open task past it is recorded as failed' }),
    createdAt: z.iso.datetime(),
    askedAt: z.iso
      .datetime()
      .optional()
      .meta({ description: 'When the system was asked (webhook called, contact mailed); absent while the task waits its turn' }),
    contactNotifiedAt: z.iso.datetime().optional().meta({ description: "Manual systems: when the system's contact was mailed about the task" }),
    outcome: z.enum(OUTCOMES).optional(),
    records: z.number().int().optional(),
    error: z.string().optional(),
    finishedAt: z.iso.datetime().optional(),
    links: z.object({
      report: z.string().meta({ description: 'POST the result here' }),
      request: z.string(),
    }),
  })
  .meta({ id: 'Task' });

export const ListTasksQuery = z
  .strictObject({
    state: z.enum(TASK_STATES).default('open'),
    systemId: z
      .string()
      .regex(SYSTEM_ID, 'must be 2 to 63 lower-case letters, digits or "-", not starting with "-"')
      .optional()
      .meta({ description: "Only this system's tasks (a page may then hold fewer than limit; follow nextCursor)" }),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .meta({ id: 'ListTasksQuery' });

export const TaskList = z.object({ items: z.array(TaskResource), nextCursor: z.string().optional() }).meta({ id: 'TaskList' });
