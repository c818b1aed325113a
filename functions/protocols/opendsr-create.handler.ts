// POST /opendsr/requests: a controller files an OpenDSR request; it becomes a core request.
import { httpHandler } from '../../shared/http/handler.js';
import { fileOpenDsrRequest, openDsrFiledBody } from '../../shared/protocols/opendsr.js';
import { controllerOf, signedJsonResult } from './dependencies.js';
import { fileDeps } from './filing-dependencies.js';
import { OpenDsrRequestBody } from './opendsr.schema.js';

export const handler = httpHandler({ body: OpenDsrRequestBody }, async ({ body, rawBody, event }) => {
  const controllerId = controllerOf(event);
  const { link, request } = await fileOpenDsrRequest(body, rawBody ?? '', controllerId, fileDeps(`opendsr:${controllerId}`));
  return signedJsonResult(201, openDsrFiledBody(link, request, rawBody ?? ''));
});
