// DELETE /v1/data-rights-request/{requestId}: the agent that filed a request revokes it with a signed message.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { DrpRevokeRequest, drpProblemMembers, drpStatusBody, readDrpRequest, revokeDrpRequest } from '../../shared/protocols/drp.js';
import { cancelDeps, publicBaseUrl } from '../wiring/protocols.js';
import { bearerAgent, signedMessage } from './drp-auth.js';
import { DrpRequestParams } from './drp.schema.js';

export const handler = httpHandler({ problemMembers: drpProblemMembers }, async ({ event, rawBody }) => {
  const agent = await bearerAgent(event);
  const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
  signedMessage(rawBody, agent, DrpRevokeRequest);
  const deps = cancelDeps(`drp:${agent.agentId}`);
  const { link, request } = await readDrpRequest(requestId, agent, deps);
  const revoked = await revokeDrpRequest(link, request, agent, deps);
  return jsonResult(200, drpStatusBody(link, revoked, publicBaseUrl()));
});
