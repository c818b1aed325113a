// The page a person sees when a console page of the operator's work refuses what they asked, with the way back to it.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ConsoleSession } from '../../shared/console/session.js';
import type { HttpProblem } from '../../shared/http/problem.js';
import { consolePageResult, renderConsoleError } from '../../shared/pages/console-pages.js';
import { consoleController } from '../wiring/console.js';

/** The refusal as a page whose "Back" leads to `back`. */
export function workErrorPage(back: string) {
  return (problem: HttpProblem, session: ConsoleSession | undefined): APIGatewayProxyResult =>
    consolePageResult(problem.status, renderConsoleError(problem, session, consoleController(), back));
}
