// The deadline calendars of the functions that file requests. Kept apart from dependencies.ts
// because the holiday data is the heaviest thing a function can load, and only filing counts deadlines.
import { optionalEnv } from '../../shared/config.js';
import { holidayCalendar } from '../../shared/domain/holidays.js';
import type { JurisdictionCalendars } from '../../shared/requests/file-request.js';
import { jurisdictionTimeZones } from './dependencies.js';

/** The controller's time zone and holiday region per jurisdiction (configurable per deployment). */
export function jurisdictionCalendars(): JurisdictionCalendars {
  const timeZones = jurisdictionTimeZones();
  return {
    gdpr: { timeZone: timeZones.gdpr, calendar: holidayCalendar(optionalEnv('GDPR_HOLIDAY_REGION', 'DE')) },
    ccpa: { timeZone: timeZones.ccpa, calendar: holidayCalendar(optionalEnv('CCPA_HOLIDAY_REGION', 'US-CA')) },
  };
}
