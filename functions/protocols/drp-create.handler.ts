// POST /v1/data-rights-request: an authorized agent's signed exercise request becomes a core request.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { DrpExerciseRequest, drpProblemMembers, drpStatusBody, envelopeRefusal, exerciseRefusal, fileDrpRequest } from '../../shared/protocols/drp.js';
import { protocolFileDeps } from '../wiring/filing.js';
import { drpBusinessId, publicBaseUrl } from '../wiring/protocols.js';
import { bearerAgent, refusalError, signedMessage } from './drp-auth.js';

export const handler = httpHandler({ problemMembers: drpProblemMembers }, async ({ event, rawBody }) => {
  const agent = await bearerAgent(event);
  const message = signedMessage(rawBody, agent, DrpExerciseRequest);
  const refusal = envelopeRefusal(message, agent.agentId, drpBusinessId(), new Date()) ?? exerciseRefusal(message);
  if (refusal) throw refusalError(refusal);
  const { link, request } = await fileDrpRequest(message, rawBody ?? '', agent, protocolFileDeps(`drp:${agent.agentId}`));
  // §3.06: a request processed successfully is a 200, whether new or a repeat of an open one.
  return jsonResult(200, drpStatusBody(link, request, publicBaseUrl()));
});
