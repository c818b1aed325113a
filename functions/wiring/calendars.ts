// Wiring: the deadline calendars. Apart from requests.ts because only the functions that file
// requests count deadlines, so only they carry the generated holiday table.
import { config } from '../../shared/config.js';
import { holidayCalendar } from '../../shared/domain/holidays.js';
import { once } from '../../shared/once.js';
import type { JurisdictionCalendars } from '../../shared/requests/file-request.js';
import { jurisdictionTimeZones } from './requests.js';

/** The controller's time zone and holiday region per jurisdiction. */
export const jurisdictionCalendars = /* @__PURE__ */ once((): JurisdictionCalendars => {
  const timeZones = jurisdictionTimeZones();
  return {
    gdpr: { timeZone: timeZones.gdpr, calendar: holidayCalendar(config('gdprHolidayRegion')) },
    ccpa: { timeZone: timeZones.ccpa, calendar: holidayCalendar(config('ccpaHolidayRegion')) },
  };
});
