// POST /opendsr/v2/requests: a controller files an OpenDSR request; it becomes a core request.
import { httpHandler } from '../../shared/http/handler.js';
import { fileOpenDsrRequest, openDsrFiledBody, openDsrProblemMembers } from '../../shared/protocols/opendsr.js';
import { protocolFileDeps } from '../wiring/filing.js';
import { controllerOf, signedJsonResult } from './opendsr-http.js';
import { OpenDsrRequestBody } from './opendsr.schema.js';

export const handler = httpHandler({ body: OpenDsrRequestBody, problemMembers: openDsrProblemMembers }, async ({ body, rawBody, event }) => {
  const controllerId = controllerOf(event);
  const { link, request } = await fileOpenDsrRequest(body, rawBody ?? '', controllerId, protocolFileDeps(`opendsr:${controllerId}`));
  return signedJsonResult(201, openDsrFiledBody(link, request, rawBody ?? ''));
});
