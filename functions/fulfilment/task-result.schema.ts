// A system's report on its task: POST /v1/tasks/{taskId}/result.
import * as z from 'zod';

export const TaskIdParams = z.object({
  taskId: z.string().meta({ description: "The task id: from the webhook call, the contact's mail, the request view or GET /v1/tasks" }),
});

/** One rule that keeps records a deletion did not erase (the console's task form takes the same fields). */
export const RetainedRule = z.strictObject({
  category: z.string().min(1).max(200),
  keepFor: z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'must be an ISO 8601 duration such as P10Y'),
  legalBasis: z.string().min(1).max(500),
});

export const TaskReportBody = z
  .strictObject({
    outcome: z.enum(['working', 'done', 'retained', 'not-found', 'failed']).meta({
      description: '`working` is a heartbeat; the others settle the task',
    }),
    records: z.number().int().nonnegative().max(1_000_000_000).optional().meta({ description: 'Records exported, deleted or found' }),
    data: z.array(z.record(z.string(), z.unknown())).max(10_000).optional().meta({
      description: "For an export: the subject's records, each a JSON object (they go into the bundle as JSON and CSV)",
    }),
    retained: z.array(RetainedRule).max(50).optional(),
    error: z.string().max(300).optional().meta({ description: 'For `failed`: what went wrong, without personal data' }),
  })
  .refine((report) => report.outcome !== 'retained' || (report.retained?.length ?? 0) > 0, {
    message: 'a retained outcome names the rules that keep the data',
    path: ['retained'],
  })
  .meta({ id: 'TaskReport' });

export const TaskReportAccepted = z.object({ accepted: z.enum(['heartbeat', 'result']) }).meta({ id: 'TaskReportAccepted' });
