// GET /opendsr/v2/requests/{id}/results: the controller that filed a finished access or portability request downloads what it found.
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { openDsrProblemMembers, openDsrResultsDownload } from '../../shared/protocols/opendsr.js';
import { resultsDeps } from '../wiring/protocols.js';
import { controllerOf } from './opendsr-http.js';
import { OpenDsrParams } from './opendsr.schema.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async ({ event }) => {
  const { id } = parseParams(OpenDsrParams, event.pathParameters);
  const url = await openDsrResultsDownload(id, controllerOf(event), resultsDeps());
  // The presigned URL is a bearer credential for the bundle: nobody may cache it or see it as a referrer.
  return { statusCode: 302, headers: { location: url, 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' }, body: '' };
});
