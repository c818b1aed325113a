// PUT /v1/drp-agents/{agentId}: the privacy team enrols an authorized agent and its Ed25519 verify key.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { protocolLinks } from '../wiring/protocols.js';
import { AgentParams, EnrolAgentBody } from './drp.schema.js';

export const handler = httpHandler({ body: EnrolAgentBody }, async ({ body, event }) => {
  const { agentId } = parseParams(AgentParams, event.pathParameters);
  const { agent, created } = await protocolLinks().enrolAgent({ agentId, name: body.name, verifyKey: body.verifyKey, enrolledAt: new Date().toISOString() });
  return jsonResult(created ? 201 : 200, { agentId: agent.agentId, name: agent.name, verifyKey: agent.verifyKey, enrolledAt: agent.enrolledAt });
});
