// GET /v1/disclosures/{year}: the third parties that received data for their direct marketing in a year.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { disclosureRegister } from '../wiring/disclosures.js';
import { DisclosureYearParams } from './disclosure.schema.js';

export const handler = httpHandler({}, async ({ event }) => {
  const { year } = parseParams(DisclosureYearParams, event.pathParameters);
  return jsonResult(200, { year, items: await disclosureRegister().list(year) });
});
