// The console routes' API Gateway authorizer (REQUEST, identity source the Cookie header): the
// session in the cookie verified against the user pool's keys, handed to the function as context.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorizeConsole, sessionContext } from '../../shared/console/session.js';
import { logger } from '../../shared/logger.js';
import { consoleSessions } from '../wiring/console.js';

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const judged = await authorizeConsole(event.headers?.Cookie ?? event.headers?.cookie, consoleSessions());
  if ('refusal' in judged) {
    logger.info('Console session refused', { refusal: judged.refusal });
    // API Gateway answers 401 (UNAUTHORIZED) for exactly this message, 403 for a Deny policy.
    if (judged.refusal !== 'no-console-group') throw new Error('Unauthorized');
    return {
      principalId: 'none',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn }] },
    };
  }
  return {
    principalId: judged.session.sub,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: sessionContext(judged.session),
  };
};
