// GET /opendsr/v2/discovery: what this processor supports, and where its signing certificate is published (unsigned: it holds no key).
import { httpHandler } from '../../shared/http/handler.js';
import { openDsrDiscovery, openDsrProblemMembers } from '../../shared/protocols/opendsr.js';
import { publicBaseUrl } from '../wiring/protocols.js';
import { publicJsonResult } from './opendsr-http.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async () => publicJsonResult(200, openDsrDiscovery(publicBaseUrl())));
