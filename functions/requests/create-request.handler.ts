// POST /v1/requests: a company system files a rights request.
import { tableName } from '../../shared/config.js';
import { BadRequestProblem } from '../../shared/http/problem.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { IDEMPOTENCY_KEY, idempotentByKey } from '../../shared/idempotency.js';
import { once } from '../../shared/once.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { requestView } from '../../shared/requests/request-view.js';
import { afterFiled, filingDeps } from '../wiring/filing.js';
import { systemStore } from '../wiring/systems.js';
import { FileRequestBody } from './request.schema.js';

/** Room for a 2 MB permission document in base64 and the rest of the body. */
export const MAX_CREATE_BODY_BYTES = 3 * 1024 * 1024;

/** Files once per Idempotency-Key: intake, then the confirmation mail or fulfilment at once. */
const fileOnce = once(() =>
  idempotentByKey(
    'fileRequest',
    async (body: FileRequestBody) => {
      const now = new Date();
      const outcome = await fileRequest(body, { ...filingDeps({ kind: 'system' }), inventory: systemStore(), now: () => now });
      if (outcome.duplicateOf) return { statusCode: 200, body: requestView(outcome.request, now, { duplicateOf: outcome.duplicateOf }) };
      return { statusCode: 202, body: requestView(await afterFiled(outcome.request), now) };
    },
    { tableName: tableName('idempotency') },
  ),
);

export const handler = httpHandler({ body: FileRequestBody, maxBodyBytes: MAX_CREATE_BODY_BYTES }, async ({ body, event, context }) => {
  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestProblem('The Idempotency-Key header is not valid.', [
      { path: 'headers.Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  const { statusCode, body: view } = await fileOnce()(key, body, context);
  return jsonResult(statusCode, view, { location: view.links.self });
});
