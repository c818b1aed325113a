// POST /v1/agent/{agentId}: an enrolled agent's signed pairwise key setup; answers with its bearer token.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { drpProblemMembers, issueAgentToken, pairwiseSetupHolds } from '../../shared/protocols/drp.js';
import { drpBusinessId, protocolLinks } from '../wiring/protocols.js';
import { AgentParams } from './drp.schema.js';

/** §2.05.1: a setup that fails validation is a 403 with no body (an unknown agent reads the same: nobody learns who is enrolled). */
const forbiddenWithoutBody = { statusCode: 403, headers: { 'cache-control': 'no-store' }, body: '' };

export const handler = httpHandler({ problemMembers: drpProblemMembers }, async ({ event, rawBody }) => {
  const { agentId } = parseParams(AgentParams, event.pathParameters);
  const agent = await protocolLinks().getAgent(agentId);
  if (!agent || !pairwiseSetupHolds(rawBody, agent, drpBusinessId(), new Date())) return forbiddenWithoutBody;
  return jsonResult(200, { 'agent-id': agent.agentId, token: await issueAgentToken(agent, protocolLinks()) });
});
