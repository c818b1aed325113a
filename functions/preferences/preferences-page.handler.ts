// GET and POST /v1/preferences/{token}: one function serves the page and its form, as they change together.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler as changePreferences } from './change-preferences.handler.js';
import { handler as showPreferences } from './show-preferences.handler.js';

export const handler = (event: APIGatewayProxyEvent, context: Context) => (event.httpMethod === 'POST' ? changePreferences : showPreferences)(event, context);
