// POST /v1/policies: publishes a privacy-policy version; a material one starts its notice campaign.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { publishPolicy, policyView } from '../../shared/notifications/policies.js';
import { publishDeps } from '../wiring/policies.js';
import { PublishPolicyBody } from './policy.schema.js';

export const handler = httpHandler({ body: PublishPolicyBody }, async ({ body }) => {
  const { policy, created } = await publishPolicy(body, publishDeps());
  return jsonResult(created ? 201 : 200, policyView(policy));
});
