// DELETE /opendsr/v2/requests/{id}: the controller cancels an OpenDSR request, and with it the core request.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { cancelOpenDsrRequest, openDsrCancelledBody, openDsrProblemMembers } from '../../shared/protocols/opendsr.js';
import { cancelDeps } from '../wiring/protocols.js';
import { controllerOf, signedJsonResult } from './opendsr-http.js';
import { OpenDsrParams } from './opendsr.schema.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async ({ event }) => {
  const { id } = parseParams(OpenDsrParams, event.pathParameters);
  const controllerId = controllerOf(event);
  const { link } = await cancelOpenDsrRequest(id, controllerId, cancelDeps(`opendsr:${controllerId}`));
  return signedJsonResult(202, openDsrCancelledBody(link, new Date()));
});
