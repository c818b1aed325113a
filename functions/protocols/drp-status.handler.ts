// GET /v1/data-rights-request/{requestId}: the status of a request, for the agent that manages it.
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { drpStatusBody, readDrpRequest } from '../../shared/protocols/drp.js';
import { readDeps } from '../wiring/protocols.js';
import { bearerAgent } from './drp-auth.js';
import { DrpRequestParams } from './drp.schema.js';

export const handler = httpHandler({}, async ({ event }) => {
  const agent = await bearerAgent(event);
  const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
  const read = await readDrpRequest(requestId, agent, readDeps());
  if (!read.ok) {
    throw read.reason === 'other-agent'
      ? new ForbiddenError('Another agent manages this request.')
      : new NotFoundError('No data rights request with this request_id.');
  }
  return jsonResult(200, drpStatusBody(read.link, read.request));
});
