// POST /v1/requests: a company system files a rights request.
import { requireEnv } from '../../shared/config.js';
import { BadRequestProblem } from '../../shared/http/problem.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { IDEMPOTENCY_KEY, idempotentByKey } from '../../shared/idempotency.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { requestView } from '../../shared/requests/request-view.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { sendVerificationLink } from '../../shared/verification/verify-request.js';
import { verificationDeps } from '../verification/dependencies.js';
import { jurisdictionCalendars } from './calendar-dependencies.js';
import { newRequestId, permissionDocuments, requestStore } from './dependencies.js';
import { FileRequestBody } from './request.schema.js';

/** Room for a 2 MB permission document in base64 and the rest of the body. */
export const MAX_CREATE_BODY_BYTES = 3 * 1024 * 1024;

const calendars = jurisdictionCalendars();

const fileOnce = idempotentByKey(
  'fileRequest',
  async (body: FileRequestBody) => {
    const now = new Date();
    const outcome = await fileRequest(body, {
      store: requestStore(),
      documents: permissionDocuments(),
      subjectKey: subjectHashKey,
      calendars,
      newId: newRequestId,
      now: () => now,
      actor: { kind: 'system' },
    });
    if (outcome.duplicateOf) return { statusCode: 200, body: requestView(outcome.request, now, { duplicateOf: outcome.duplicateOf }) };
    let request = outcome.request;
    if (request.status === 'awaiting-verification') request = await sendVerificationLink(request, verificationDeps());
    // A request that needs no verification (a sale opt-out) is carried out at once.
    if (request.status === 'verified') await verificationDeps().workflows.start(request.id);
    return { statusCode: 202, body: requestView(request, now) };
  },
  { tableName: requireEnv(tables.idempotency.envVar) },
);

export const handler = httpHandler({ body: FileRequestBody, maxBodyBytes: MAX_CREATE_BODY_BYTES }, async ({ body, event, context }) => {
  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestProblem('The Idempotency-Key header is not valid.', [
      { path: 'headers.Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  const { statusCode, body: view } = await fileOnce(key, body, context);
  return jsonResult(statusCode, view, { location: view.links.self });
});
