// The operator console's payloads: the queue's query, the find form, the action forms, the sign-in return.
import * as z from 'zod';
import { CONSOLE_ACTIONS } from '../../shared/console/request-detail.js';
import { JURISDICTIONS, REQUEST_STATUSES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';
import { TASK_FORM_OUTCOMES } from '../../shared/console/complete-task.js';
import { QUEUE_SORTS } from '../../shared/console/queue.js';
import { SYSTEM_ID } from '../../shared/fulfilment/register-system.js';
import { RetainedRule } from '../fulfilment/task-result.schema.js';
import { RequestReportQuery } from '../reports/report.schema.js';

/** The form token every console form posts (the session's, from the page). */
const Csrf = z.string().min(1).max(200).meta({ description: "The session's form token, from the page the form is on" });

export const ConsoleQueueQuery = z
  .strictObject({
    status: z
      .union([z.enum(REQUEST_STATUSES), z.literal('')])
      .optional()
      .transform((v) => v || undefined),
    type: z
      .union([z.enum(REQUEST_TYPES), z.literal('')])
      .optional()
      .transform((v) => v || undefined),
    law: z
      .union([z.enum(JURISDICTIONS), z.literal('')])
      .optional()
      .transform((v) => v || undefined),
    system: z
      .union([z.string().regex(SYSTEM_ID, 'must be a system id'), z.literal('')])
      .optional()
      .transform((v) => v || undefined)
      .meta({ description: 'Only requests with an open task in this system' }),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    sort: z.enum(QUEUE_SORTS).default('due').meta({ description: 'The deadline in force, the filing, or the acknowledgement still due' }),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .meta({ id: 'ConsoleQueueQuery' });

/** A request id, or the person's email: posted, so the address is never in a URL. */
export const ConsoleFindForm = z.strictObject({ find: z.string().trim().min(3, 'type a request id or an email').max(320) }).meta({ id: 'ConsoleFindForm' });

/** The form as it is posted, with its token: what the OpenAPI document shows. */
export const ConsoleFindPosted = ConsoleFindForm.extend({ csrf: Csrf }).meta({ id: 'ConsoleFindPosted' });

export const ConsoleRequestParams = z.object({ id: z.string().meta({ description: 'The request id (a ULID)' }) });

export const ConsoleActionParams = z.object({
  id: z.string().meta({ description: 'The request id (a ULID)' }),
  action: z
    .enum(CONSOLE_ACTIONS)
    .meta({ description: 'What to do: extend, deny, cancel, resume, or require-identity (the independent provider becomes the only way to verify)' }),
});

const Reason = z.string().trim().min(10, 'must say why, in at least 10 characters').max(2000);

/** The fields of an action's form: a reason to extend; a ground and a reason to deny; nothing to cancel or resume. */
export const ConsoleActionForm = z.strictObject({ reason: Reason.optional(), code: z.enum(DENIAL_CODES).optional() }).meta({ id: 'ConsoleActionForm' });

export const ConsoleActionPosted = ConsoleActionForm.extend({ csrf: Csrf }).meta({ id: 'ConsoleActionPosted' });

export const ConsoleSignOutPosted = z.strictObject({ csrf: Csrf }).meta({ id: 'ConsoleSignOutPosted' });

/** The hosted sign-in's return: a code and the state it was sent with; neither to start. */
export const ConsoleSignInQuery = z
  .strictObject({
    code: z.string().min(1).max(2048).optional(),
    state: z.string().min(1).max(512).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(1000).optional(),
  })
  .meta({ id: 'ConsoleSignInQuery' });

/** The request page after an action or a completed task: which went through, to say so. */
export const ConsoleRequestQuery = z.strictObject({ done: z.enum([...CONSOLE_ACTIONS, 'task']).optional() }).meta({ id: 'ConsoleRequestQuery' });

export const ConsoleTaskParams = z.object({
  id: z.string().meta({ description: 'The request id (a ULID)' }),
  taskId: z.string().min(1).max(300).meta({ description: 'The task id, as the request page shows it (request id, run and system)' }),
});

/** An empty form field is a field not given. */
const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const Text = (max: number) => z.preprocess(blank, z.string().trim().max(max, `must be at most ${max} characters`).optional());

/**
 * A manual system's task as an operator completes it: the outcomes and fields of the task result
 * route (one kept-records rule; the API takes several), each missing field named where it belongs.
 */
export const ConsoleTaskForm = z
  .strictObject({
    outcome: z.enum(TASK_FORM_OUTCOMES, { error: 'choose what the system did' }),
    records: z.preprocess(
      blank,
      z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'cannot be negative').max(1_000_000_000).optional(),
    ),
    error: Text(300).refine((text) => !text || !/[^\s@]+@[^\s@]+/.test(text), 'must not hold an email address: say what went wrong, not who'),
    category: z.preprocess(blank, RetainedRule.shape.category.optional()),
    keepFor: z.preprocess(blank, RetainedRule.shape.keepFor.optional()),
    legalBasis: z.preprocess(blank, RetainedRule.shape.legalBasis.optional()),
  })
  .superRefine((form, ctx) => {
    if (form.outcome === 'failed' && !form.error) ctx.addIssue({ code: 'custom', path: ['error'], message: 'say what went wrong (no personal data)' });
    if (form.outcome === 'retained') {
      const missing = { category: 'name the records kept', keepFor: 'say for how long, e.g. P10Y', legalBasis: 'name the law that keeps them' } as const;
      for (const [field, message] of Object.entries(missing)) {
        if (!form[field as keyof typeof missing]) ctx.addIssue({ code: 'custom', path: [field], message });
      }
    }
  })
  .meta({ id: 'ConsoleTaskForm' });

export const ConsoleTaskPosted = ConsoleTaskForm.safeExtend({ csrf: Csrf }).meta({ id: 'ConsoleTaskPosted' });

/** Signing out posts nothing but the form token. */
export const ConsoleSignOutForm = z.strictObject({}).meta({ id: 'ConsoleSignOutForm' });

/** The report's year (the current one when absent) and, to download it, its format: the system route's query. */
export const ConsoleReportQuery = RequestReportQuery.partial({ year: true }).meta({ id: 'ConsoleReportQuery' });
