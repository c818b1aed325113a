// POST /v1/tasks/{taskId}/result: a system reports its export or deletion, signed with its secret.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { SIGNATURE_HEADER } from '../../shared/fulfilment/signatures.js';
import { reportTaskResult } from '../../shared/fulfilment/system-tasks.js';
import { reportDeps } from '../wiring/workflow.js';
import { TaskReportBody } from './task-result.schema.js';

/** Exports may carry records inline. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export const handler = httpHandler({ body: TaskReportBody, maxBodyBytes: MAX_REPORT_BYTES }, async ({ body, rawBody, event }) => {
  const accepted = await reportTaskResult(
    event.pathParameters?.taskId ?? '',
    body,
    { rawBody: rawBody ?? '', signature: event.headers[SIGNATURE_HEADER] },
    reportDeps(),
  );
  return jsonResult(202, accepted);
});
