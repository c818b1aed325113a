// GET /openapi.json: the contract, generated once per cold start from the route table.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { openApiDocument } from '../wiring/openapi.js';

export const handler = httpHandler({}, async () => jsonResult(200, openApiDocument()));
