// POST /v1/ses-events: the local stand-in for SES → SNS, taking the same message as a JSON body.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { logger } from '../../shared/logger.js';
import { recordSesEvent } from '../../shared/preferences/ses-events.js';
import { suppressionList } from '../wiring/suppressions.js';
import { SesEventMessage } from './ses-event.schema.js';

export const handler = httpHandler({ body: SesEventMessage }, async ({ body }) => {
  const result = await recordSesEvent(body, { suppressions: suppressionList(), now: () => new Date() });
  logger.info('SES event recorded', { type: body.type, ...result });
  return jsonResult(200, result);
});
