// GET /opendsr/certificate.pem: the public key that verifies this processor's OpenDSR signatures.
import { httpHandler } from '../../shared/http/handler.js';
import { signingKey } from '../wiring/protocols.js';

export const handler = httpHandler({}, async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=3600' },
  body: (await signingKey()).publicKeyPem,
}));
