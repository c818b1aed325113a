// POST /v1/requests/{id}/require-identity: an operator asks that the request be verified through the identity provider.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { requestView } from '../../shared/requests/request-view.js';
import { requireIdentity } from '../../shared/verification/require-identity.js';
import { requireIdentityDeps } from '../wiring/require-identity.js';

export const handler = httpHandler({}, async ({ event }) =>
  jsonResult(200, requestView(await requireIdentity(event.pathParameters?.id ?? '', requireIdentityDeps()), new Date())),
);
