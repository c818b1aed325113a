// The operator console's payloads: the queue's query, the find form, the action forms, the sign-in return.
import * as z from 'zod';
import { CONSOLE_ACTIONS } from '../../shared/console/request-detail.js';
import { JURISDICTIONS, REQUEST_STATUSES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';
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
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    sort: z.enum(['due', 'received']).default('due'),
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
  action: z.enum(CONSOLE_ACTIONS).meta({ description: 'What to do: extend, deny, cancel or resume' }),
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

/** The request page after an action: which one went through, to say so. */
export const ConsoleRequestQuery = z.strictObject({ done: z.enum(CONSOLE_ACTIONS).optional() }).meta({ id: 'ConsoleRequestQuery' });

/** Signing out posts nothing but the form token. */
export const ConsoleSignOutForm = z.strictObject({}).meta({ id: 'ConsoleSignOutForm' });

/** The report's year (the current one when absent) and, to download it, its format: the system route's query. */
export const ConsoleReportQuery = RequestReportQuery.partial({ year: true }).meta({ id: 'ConsoleReportQuery' });
