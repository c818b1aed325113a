// The contract of GET /v1/deadlines: which request to compute dates for, and the dates.
import * as z from 'zod';
import { JURISDICTIONS, REQUEST_TYPES } from '../../shared/domain/request-model.js';

const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be letters, digits, ".", "_", ":" or "-"');

export const DeadlinesQuery = z
  .strictObject({
    type: z.enum(REQUEST_TYPES),
    jurisdiction: z.enum(JURISDICTIONS),
    receivedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z' })
      .meta({ description: 'When the request reaches (or reached) the company; past or future, within the years the holiday calendars cover' }),
    purposes: z
      .string()
      .max(2000)
      .transform((value) => value.split(','))
      .pipe(z.array(Identifier).min(1).max(100))
      .optional()
      .meta({ description: 'For an objection: the purposes it is to, comma-separated (direct marketing when absent)' }),
  })
  .meta({ id: 'DeadlinesQuery' });
export type DeadlinesQuery = z.output<typeof DeadlinesQuery>;

const CalendarDate = z.iso.date();

export const DeadlinesResource = z
  .object({
    type: z.enum(REQUEST_TYPES),
    jurisdiction: z.enum(JURISDICTIONS),
    receivedAt: z.iso.datetime(),
    timeZone: z.string().meta({ description: 'Where the dates are counted' }),
    receivedOn: CalendarDate.meta({ description: 'The day of receipt in timeZone: the clock starts here' }),
    acknowledgeBy: CalendarDate.optional().meta({ description: 'The last day to confirm receipt, where the law sets one (CCPA)' }),
    dueAt: CalendarDate.meta({ description: 'The last day to answer' }),
    extendableTo: CalendarDate.optional().meta({ description: 'The latest deadline an extension can give; absent where the law allows none' }),
    deadlineBasis: z.string().meta({ description: 'The provisions that set the periods, and the holiday calendar that counted' }),
  })
  .meta({ id: 'Deadlines' });
