// POST /v1/identity/webhook: a hosted identity provider's signed event (verified, requires_input, canceled).
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { receiveProviderEvent } from '../../shared/verification/identity-session.js';
import { verificationDeps } from '../wiring/verification.js';

export const handler = httpHandler({ maxBodyBytes: 16 * 1024 }, async ({ event, rawBody }) => {
  const { outcome } = await receiveProviderEvent(rawBody ?? '', event.headers ?? {}, verificationDeps({ accounts: true }));
  return jsonResult(200, { received: true, outcome });
});
