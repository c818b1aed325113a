// GET /v1/policies/{version}/campaign: how far a version's notice campaign has got.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { campaignStatus } from '../../shared/notifications/policies.js';
import { now } from '../wiring/aws.js';
import { policyStore } from '../wiring/policies.js';

export const handler = httpHandler({}, async ({ event }) => {
  return jsonResult(200, await campaignStatus(policyStore(), event.pathParameters?.version ?? '', now()));
});
