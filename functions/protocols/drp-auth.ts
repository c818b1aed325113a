// How DRP routes know their caller. API Gateway lets these routes through unauthenticated ('public'):
// the agent proves itself here, with the bearer token of its pairwise key setup and an Ed25519
// signature over the message, checked against the key the operator enrolled for it.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../../shared/errors.js';
import { HttpProblem, problemType } from '../../shared/http/problem.js';
import { openAgentMessage, type SignedMessageRefusal } from '../../shared/protocols/drp.js';
import { sha256Hex, type RegisteredAgent } from '../../shared/protocols/link-store.js';
import { protocolLinks } from '../wiring/protocols.js';

/**
 * The refusal as the error to throw: a message that does not come from whom it says is forbidden;
 * a well-signed one that is not what the schema says is refused like any invalid body, field by field.
 */
export function refusalError(refusal: SignedMessageRefusal): ForbiddenError | HttpProblem {
  if (refusal.kind === 'forbidden') return new ForbiddenError(refusal.detail);
  return new HttpProblem(400, refusal.detail, { type: problemType('validation-failed'), errors: refusal.errors, fatal: refusal.fatal });
}

/** The agent whose bearer token the call carries; 401 without a current one. */
export async function bearerAgent(event: APIGatewayProxyEvent): Promise<RegisteredAgent> {
  const header = event.headers.authorization ?? event.headers.Authorization;
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1];
  const agent = token ? await protocolLinks().agentByToken(sha256Hex(token)) : undefined;
  if (!agent) throw new UnauthorizedError('A current DRP bearer token is required; POST /v1/agent/{agent-id} issues one.');
  return agent;
}

/** The message the body carries, signed with `agent`'s key and shaped as `schema` says; 403 or 400 otherwise. */
export function signedMessage<T extends z.ZodType>(rawBody: string | null, agent: RegisteredAgent, schema: T): z.output<T> {
  const opened = openAgentMessage(rawBody, agent, schema);
  if (!opened.ok) throw refusalError(opened.refusal);
  return opened.message;
}
