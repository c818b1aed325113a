// What GET /v1/reports/requests and GET /v1/reports/summary answer as JSON. Only the OpenAPI document
// loads these; the handlers shape their answers in shared/reports/.
import * as z from 'zod';
import { REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { DENIAL_REASONS } from '../../shared/reports/request-report.js';

const Count = z.number().int().min(0);

const ReportFigures = z
  .object({
    received: Count,
    compliedInWhole: Count,
    compliedInPart: Count,
    denied: Count.meta({ description: 'Denied by an operator, plus expired because the confirmation link was never used' }),
    deniedByReason: z.record(z.enum(DENIAL_REASONS), Count),
    withdrawn: Count.meta({ description: 'Cancelled: neither complied with nor denied' }),
    answered: Count.meta({ description: 'Complied with in whole or in part, or denied by an operator: the answers the days are counted over' }),
    answeredOnTime: Count,
    medianDays: z.number().nullable().meta({ description: 'Median whole days to respond; null when none was answered or it lies past 365 days' }),
    medianAtLeastDays: z.number().optional().meta({ description: 'Instead of a median past 365 days: it is at least this' }),
    meanDays: z.number().nullable().meta({ description: 'Mean whole days to respond, to one decimal; null when none was answered' }),
  })
  .meta({ id: 'ReportFigures' });

const ReportRow = z
  .object({
    key: z.string(),
    label: z.string(),
    types: z.array(z.enum(REQUEST_TYPES)).meta({ description: 'The request types the row counts' }),
    basis: z.string().meta({ description: 'The provisions the requests rest on' }),
    figures: ReportFigures,
  })
  .meta({ id: 'ReportRow' });

const CountingRule = z.object({ figure: z.string(), rule: z.string() });

export const RequestReportResource = z
  .object({
    year: z.number().int(),
    complete: z.boolean().meta({ description: 'False for the current year: the figures are provisional' }),
    ccpa: z.object({
      title: z.string(),
      rows: z.array(ReportRow).meta({ description: '§ 7102: requests to know, to delete, to opt out' }),
      notCounted: z
        .array(ReportRow)
        .meta({ description: 'CCPA-jurisdiction requests § 7102 does not ask about (Shine the Light, marketing unsubscribes, opt-ins back to sale)' }),
    }),
    gdpr: z.object({
      title: z.string(),
      rows: z.array(ReportRow).meta({ description: 'One row per request type filed under the GDPR, kept apart from the CCPA figures' }),
    }),
    counting: z.array(CountingRule).meta({ description: 'How each figure is counted' }),
  })
  .meta({ id: 'RequestReport' });

const Chart = z
  .object({
    title: z.string(),
    description: z.string(),
    unit: z.enum(['requests', 'share', 'days']),
    x: z.object({ label: z.string(), values: z.array(z.string()) }),
    series: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number().nullable()) })),
  })
  .meta({ id: 'Chart' });

export const RequestSummaryResource = z
  .object({
    generatedAt: z.iso.datetime(),
    openNow: Count,
    receivedPerWeek: Chart,
    answeredOnTimePerMonth: Chart,
    medianDaysToClose: Chart,
    openAndOverdue: Chart,
  })
  .meta({ id: 'RequestSummary' });
