// GET /opendsr/v2/requests/{id}: the status of an OpenDSR request, signed.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { openDsrProblemMembers, openDsrStatusBody, readOpenDsrRequest } from '../../shared/protocols/opendsr.js';
import { openDsrProcessor, readDeps } from '../wiring/protocols.js';
import { controllerOf, signedJsonResult } from './opendsr-http.js';
import { OpenDsrParams } from './opendsr.schema.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async ({ event }) => {
  const { id } = parseParams(OpenDsrParams, event.pathParameters);
  const controllerId = controllerOf(event);
  const { link, request } = await readOpenDsrRequest(id, controllerId, readDeps());
  return signedJsonResult(200, openDsrStatusBody(link, request, openDsrProcessor()));
});
