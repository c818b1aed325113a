// POST /v1/data-rights-request: an authorized agent's signed exercise request becomes a core request.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { DrpExerciseRequest, drpStatusBody, envelopeRefusal, fileDrpRequest } from '../../shared/protocols/drp.js';
import { drpBusinessId } from './dependencies.js';
import { fileDeps } from './filing-dependencies.js';
import { bearerAgent, refusalError, signedMessage } from './drp-auth.js';

export const handler = httpHandler({}, async ({ event, rawBody }) => {
  const agent = await bearerAgent(event);
  const message = signedMessage(rawBody, agent, DrpExerciseRequest);
  const refusal = envelopeRefusal(message, agent.agentId, drpBusinessId(), new Date());
  if (refusal) throw refusalError(refusal);
  const { link, request, created } = await fileDrpRequest(message, rawBody ?? '', agent, fileDeps(`drp:${agent.agentId}`));
  return jsonResult(created ? 201 : 200, drpStatusBody(link, request));
});
