// GET /opendsr/v2/certificate.pem: the X.509 certificate whose key signs this processor's OpenDSR answers and callbacks.
import { httpHandler } from '../../shared/http/handler.js';
import { openDsrProblemMembers } from '../../shared/protocols/opendsr.js';
import { processorCertificate } from '../wiring/protocols.js';

export const handler = httpHandler({ problemMembers: openDsrProblemMembers }, async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=3600' },
  body: processorCertificate(),
}));
