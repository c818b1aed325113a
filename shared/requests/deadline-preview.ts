// Deadlines before filing: what the law would set for a request received at a given time, from the
// same engine and calendars that file requests, with nothing stored.
import { computeDeadlines, OutsideCalendarError, type CalendarDate } from '../domain/deadlines.js';
import type { Jurisdiction, RequestType } from '../domain/request-model.js';
import { InvalidInputError } from '../errors.js';
import { assertFiledUnderLaw, type JurisdictionCalendars } from './file-request.js';

export interface DeadlinePreviewInput {
  type: RequestType;
  jurisdiction: Jurisdiction;
  receivedAt: Date;
  /** What an objection would be to (direct marketing when none). */
  purposes?: readonly string[];
}

export interface DeadlinePreview {
  type: RequestType;
  jurisdiction: Jurisdiction;
  receivedAt: string;
  timeZone: string;
  receivedOn: CalendarDate;
  acknowledgeBy?: CalendarDate;
  dueAt: CalendarDate;
  extendableTo?: CalendarDate;
  deadlineBasis: string;
}

/**
 * The acknowledgement, due and extended dates a request would get, with their legal basis. A
 * receipt the holiday calendar does not cover is refused naming `receivedAt`; a type the law does
 * not give (a GDPR sale opt-in) as filing refuses it.
 */
export function previewDeadlines(input: DeadlinePreviewInput, calendars: JurisdictionCalendars): DeadlinePreview {
  assertFiledUnderLaw(input.type, input.jurisdiction);
  const { timeZone, calendar } = calendars[input.jurisdiction];
  let deadlines: ReturnType<typeof computeDeadlines>;
  try {
    deadlines = computeDeadlines({
      jurisdiction: input.jurisdiction,
      type: input.type,
      receivedAt: input.receivedAt,
      calendar,
      timeZone,
      ...(input.purposes ? { scope: { purposes: input.purposes } } : {}),
    });
  } catch (error) {
    if (!(error instanceof OutsideCalendarError)) throw error;
    throw new InvalidInputError(`The deadlines of a request received then fall outside the holiday calendar: ${error.message}`, 'receivedAt', {
      cause: error,
    });
  }
  return {
    type: input.type,
    jurisdiction: input.jurisdiction,
    receivedAt: input.receivedAt.toISOString(),
    timeZone: deadlines.timeZone,
    receivedOn: deadlines.receivedOn,
    ...(deadlines.acknowledgeBy ? { acknowledgeBy: deadlines.acknowledgeBy } : {}),
    dueAt: deadlines.dueAt,
    ...(deadlines.extendedDueAt ? { extendableTo: deadlines.extendedDueAt } : {}),
    deadlineBasis: deadlines.basis,
  };
}
