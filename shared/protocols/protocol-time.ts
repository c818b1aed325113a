// Dates the open protocols exchange: RFC 3339 instants made from the core's calendar-date deadlines.

/** The UTC offset of `timeZone` at `instant`, as `+01:00` or `Z`. */
function offsetAt(instant: Date, timeZone: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ??
    'GMT';
  const offset = name.replace('GMT', '');
  return offset === '' || offset === '+00:00' ? 'Z' : offset;
}

/** The last second of a calendar date in the deadline's time zone, e.g. `2026-03-02T23:59:59+01:00`. */
export function endOfLocalDay(date: string, timeZone: string): string {
  return `${date}T23:59:59${offsetAt(new Date(`${date}T12:00:00Z`), timeZone)}`;
}
