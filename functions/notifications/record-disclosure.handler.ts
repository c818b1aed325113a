// PUT /v1/disclosures/{year}/{recipientId}: records a third party that received data for its direct marketing.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { disclosureRegister } from '../wiring/disclosures.js';
import { DisclosureBody, DisclosureParams } from './disclosure.schema.js';

export const handler = httpHandler({ body: DisclosureBody }, async ({ body, event }) => {
  const { year, recipientId } = parseParams(DisclosureParams, event.pathParameters);
  const saved = await disclosureRegister().put({ year, recipientId, ...body, updatedAt: new Date().toISOString() });
  return jsonResult(200, saved);
});
