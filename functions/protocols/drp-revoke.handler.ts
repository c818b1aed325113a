// DELETE /v1/data-rights-request/{requestId}: the agent revokes a request with a signed message.
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { DrpRevokeRequest, drpStatusBody, readDrpRequest, revokeDrpRequest } from '../../shared/protocols/drp.js';
import { cancelDeps } from '../wiring/protocols.js';
import { bearerAgent, signedMessage } from './drp-auth.js';
import { DrpRequestParams } from './drp.schema.js';

export const handler = httpHandler({}, async ({ event, rawBody }) => {
  const agent = await bearerAgent(event);
  const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
  signedMessage(rawBody, agent, DrpRevokeRequest);
  const deps = cancelDeps(`drp:${agent.agentId}`);
  const read = await readDrpRequest(requestId, agent, deps);
  if (!read.ok) {
    throw read.reason === 'other-agent'
      ? new ForbiddenError('Another agent manages this request.')
      : new NotFoundError('No data rights request with this request_id.');
  }
  const revoked = await revokeDrpRequest(read.link, read.request, deps);
  return jsonResult(200, drpStatusBody(read.link, revoked));
});
