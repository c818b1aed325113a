// GET /v1/policies/current?at=…: the policy version in force at a time (now by default).
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { policyInForce, policyView } from '../../shared/notifications/policies.js';
import { policyStore } from '../wiring/policies.js';
import { CurrentPolicyQuery } from './policy.schema.js';

export const handler = httpHandler({ query: CurrentPolicyQuery }, async ({ query }) => {
  const policy = await policyInForce(policyStore(), query.at ? new Date(query.at) : new Date());
  return jsonResult(200, policyView(policy));
});
