// The page a person sees when a task's outcome is not taken: the request page again with a message
// at each field that is wrong (400), or a page naming why (a task completed already, 409).
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { requestDetail } from '../../shared/console/request-detail.js';
import type { ConsoleSession } from '../../shared/console/session.js';
import type { HttpProblem } from '../../shared/http/problem.js';
import { logger } from '../../shared/logger.js';
import { consolePageResult, renderConsoleError, renderRequestPage } from '../../shared/pages/console-pages.js';
import { consoleController, requestDetailDeps } from '../wiring/console.js';

/** The fields as posted, without the form token, to fill the form in again. */
function postedValues(event: APIGatewayProxyEvent): Record<string, string> {
  const body = event.body as unknown;
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([name, value]) => name !== 'csrf' && typeof value === 'string')) as Record<
    string,
    string
  >;
}

export async function taskFormErrorPage(
  problem: HttpProblem,
  session: ConsoleSession | undefined,
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const requestId = event.pathParameters?.id ?? '';
  const refusal = () =>
    consolePageResult(problem.status, renderConsoleError(problem, session, consoleController(), `/console/requests/${encodeURIComponent(requestId)}`));
  const errors = problem.extra.errors ?? [];
  if (problem.status !== 400 || !session || errors.length === 0) return refusal();
  try {
    const detail = await requestDetail(requestDetailDeps(), requestId, new Date());
    const taskForm = { taskId: event.pathParameters?.taskId ?? '', errors, values: postedValues(event) };
    return consolePageResult(400, renderRequestPage(detail, session, consoleController(), undefined, taskForm));
  } catch (error) {
    logger.info('Task form not shown again', { error: (error as Error).name });
    return refusal();
  }
}
