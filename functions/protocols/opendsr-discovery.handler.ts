// GET /opendsr/v2/discovery: what this processor supports, and where its signing certificate is published.
import { httpHandler } from '../../shared/http/handler.js';
import { openDsrDiscovery, openDsrProblemMembers } from '../../shared/protocols/opendsr.js';
import { publicBaseUrl } from '../wiring/protocols.js';
import { signedJsonResult } from './opendsr-http.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async () => signedJsonResult(200, openDsrDiscovery(publicBaseUrl())));
