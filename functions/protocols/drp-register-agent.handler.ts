// POST /v1/agent/{agentId}: an enrolled agent's signed pairwise key setup; answers with its bearer token.
import { ForbiddenError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { DrpPairwiseSetup, envelopeRefusal, issueAgentToken } from '../../shared/protocols/drp.js';
import { drpBusinessId, protocolLinks } from '../wiring/protocols.js';
import { refusalError, signedMessage } from './drp-auth.js';
import { AgentParams } from './drp.schema.js';

export const handler = httpHandler({}, async ({ event, rawBody }) => {
  const { agentId } = parseParams(AgentParams, event.pathParameters);
  const agent = await protocolLinks().getAgent(agentId);
  // An unknown agent gets the same answer as a bad signature: the route tells nobody who is enrolled.
  if (!agent) throw new ForbiddenError("The signature does not verify with the agent's registered key.");
  const message = signedMessage(rawBody, agent, DrpPairwiseSetup);
  const refusal = envelopeRefusal(message, agent.agentId, drpBusinessId(), new Date());
  if (refusal) throw refusalError(refusal);
  return jsonResult(200, { 'agent-id': agent.agentId, token: await issueAgentToken(agent, protocolLinks()) });
});
