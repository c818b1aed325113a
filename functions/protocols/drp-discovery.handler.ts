// GET /.well-known/data-rights.json: where DRP agents find this business's endpoints and rights.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { drpDiscovery } from '../../shared/protocols/drp.js';
import { publicBaseUrl } from '../wiring/protocols.js';

export const handler = httpHandler({}, async () => jsonResult(200, drpDiscovery(publicBaseUrl())));
