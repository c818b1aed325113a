// The page a person sees when the console refuses what they asked (a rule of the law, an unknown request).
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ConsoleSession } from '../../shared/console/session.js';
import type { HttpProblem } from '../../shared/http/problem.js';
import { consolePageResult, renderConsoleError, renderSignedOut } from '../../shared/pages/console-pages.js';
import { consoleController } from '../wiring/console.js';

export function consoleErrorPage(problem: HttpProblem, session: ConsoleSession | undefined): APIGatewayProxyResult {
  return consolePageResult(problem.status, renderConsoleError(problem, session, consoleController()));
}

/** The sign-in route's refusals: a page saying to start again. */
export function signInErrorPage(status: number): APIGatewayProxyResult {
  return consolePageResult(status, renderSignedOut('The sign-in did not complete. Start again at /console/sign-in.', consoleController()));
}
