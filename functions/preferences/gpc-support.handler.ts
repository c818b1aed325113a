// GET /.well-known/gpc.json: tells browsers and auditors that this site honours Global Privacy Control.
import { httpHandler } from '../../shared/http/handler.js';
import { GPC_SUPPORT } from '../../shared/preferences/gpc.js';

export const handler = httpHandler({}, async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=86400' },
  body: JSON.stringify(GPC_SUPPORT),
}));
