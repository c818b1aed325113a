// GET /opendsr/discovery: what this processor supports, and where its signing key is published.
import { httpHandler } from '../../shared/http/handler.js';
import { openDsrDiscovery } from '../../shared/protocols/opendsr.js';
import { publicBaseUrl } from '../wiring/protocols.js';
import { signedJsonResult } from './opendsr-http.js';

export const handler = httpHandler({}, async () => signedJsonResult(200, openDsrDiscovery(publicBaseUrl())));
