// GET /v1/data-rights-request/{requestId}: the status of a request, for the agent that filed it.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { drpProblemMembers, drpStatusBody, readDrpRequest } from '../../shared/protocols/drp.js';
import { publicBaseUrl, readDeps } from '../wiring/protocols.js';
import { bearerAgent } from './drp-auth.js';
import { DrpRequestParams } from './drp.schema.js';

export const handler = httpHandler({ problemMembers: drpProblemMembers }, async ({ event }) => {
  const agent = await bearerAgent(event);
  const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
  const { link, request } = await readDrpRequest(requestId, agent, readDeps());
  return jsonResult(200, drpStatusBody(link, request, publicBaseUrl()));
});
