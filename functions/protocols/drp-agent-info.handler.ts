// GET /v1/agent/{agentId}: lets an agent check that its bearer token still holds (DRP 1.0 §2.06).
import { ForbiddenError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { drpProblemMembers } from '../../shared/protocols/drp.js';
import { bearerAgent } from './drp-auth.js';
import { AgentParams } from './drp.schema.js';

export const handler = httpHandler({ problemMembers: drpProblemMembers }, async ({ event }) => {
  const agent = await bearerAgent(event);
  const { agentId } = parseParams(AgentParams, event.pathParameters);
  if (agent.agentId !== agentId) throw new ForbiddenError('The bearer token belongs to another agent.');
  return jsonResult(200, {});
});
