// GET /openapi.json, GET /docs and GET /docs/api-reference.js: the contract, generated at build time
// from the route table, and the page that renders it with its script. One function serves the
// three so the reference adds no function to the stack.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { httpHandler } from '../../shared/http/handler.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { apiReferenceErrorPage, apiReferencePage, apiReferenceScript } from '../../shared/pages/api-reference.js';
import { apiReferenceSource } from '../wiring/api-reference.js';
import { controller } from '../wiring/mail.js';
import { openApiDocument } from '../wiring/openapi.js';

const byRoute = {
  '/openapi.json': httpHandler({}, async () => jsonResult(200, openApiDocument())),
  '/docs': pageHandler({ errorPage: apiReferenceErrorPage, controller }, async () => apiReferencePage()),
  '/docs/api-reference.js': httpHandler({}, async () => apiReferenceScript(apiReferenceSource())),
};

export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  (byRoute[event.resource as keyof typeof byRoute] ?? byRoute['/openapi.json'])(event, context);
