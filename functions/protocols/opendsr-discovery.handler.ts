// GET /opendsr/discovery: what this processor supports, and where its signing key is published.
import { requireEnv } from '../../shared/config.js';
import { httpHandler } from '../../shared/http/handler.js';
import { openDsrDiscovery } from '../../shared/protocols/opendsr.js';
import { signedJsonResult } from './dependencies.js';

export const handler = httpHandler({}, async () => signedJsonResult(200, openDsrDiscovery(requireEnv('PUBLIC_BASE_URL'))));
