// What GET /v1/reports/requests (the yearly accountability report) and GET /v1/reports/summary (the charts' data) read.
// What they answer is in report-resources.schema.ts, which only the OpenAPI document loads.
import * as z from 'zod';
import { REPORT_FORMATS } from '../../shared/reports/report-formats.js';

/** The first year either law applied (the GDPR from 25 May 2018). */
export const FIRST_REPORT_YEAR = 2018;

export const RequestReportQuery = z
  .strictObject({
    year: z
      .string({ error: 'is required: the calendar year to report, such as 2026' })
      .regex(/^\d{4}$/, 'must be a calendar year such as 2026')
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(FIRST_REPORT_YEAR, `must be ${FIRST_REPORT_YEAR} or later: no request under either law was received before`)
          .refine((year) => year <= new Date().getUTCFullYear(), 'must not lie in the future'),
      )
      .meta({ description: 'The calendar year to report; the current year gives provisional figures', example: '2026' }),
    format: z
      .enum(REPORT_FORMATS)
      .optional()
      .meta({ description: 'json (default), csv or html (a printable page); without it the Accept header decides (text/csv, text/html)' }),
  })
  .meta({ id: 'RequestReportQuery' });
export type RequestReportQuery = z.output<typeof RequestReportQuery>;

export const RequestSummaryQuery = z
  .strictObject({
    weeks: z.coerce.number().int().min(4).max(104).default(26).meta({ description: 'Weeks shown, the current one last (4 to 104)' }),
    months: z.coerce.number().int().min(1).max(24).default(12).meta({ description: 'Months shown, the current one last (1 to 24)' }),
  })
  .meta({ id: 'RequestSummaryQuery' });
export type RequestSummaryQuery = z.output<typeof RequestSummaryQuery>;
