// The middleware stack of the operator console's routes: the session the authorizer verified, the
// role an action needs, the form token, and errors as problem+json (a refusal of the session) or as
// a console page (a domain refusal a person reads, such as an extension the law no longer allows).
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { csrfMatches, mayAct, sessionFromContext, type ConsoleSession } from '../console/session.js';
import { logger } from '../logger.js';
import { observability } from '../tracer.js';
import { MAX_FORM_BYTES } from './page-handler.js';
import { BadRequestProblem, HttpProblem, problemType } from './problem.js';
import { asCallerProblem, bodyLimit, correlation, fieldErrors, problemErrors } from './middlewares.js';
import { asksForPage } from './refusal-form.js';

/** The form field every console action posts its form token in. */
export const CSRF_FIELD = 'csrf';

/** A refusal of the session itself: always problem+json, whatever the caller accepts. */
class SessionProblem extends HttpProblem {
  override name = 'SessionProblem';
}

export interface ConsoleInput<TForm, TQuery, TParams> {
  event: APIGatewayProxyEvent;
  context: Context;
  session: ConsoleSession;
  form: TForm;
  query: TQuery;
  params: TParams;
}

export interface ConsoleOptions<TForm extends z.ZodType | undefined, TQuery extends z.ZodType | undefined, TParams extends z.ZodType | undefined> {
  /** The zod schema of the path parameters. */
  params?: TParams;
  /** An action changes a request: it needs an operator (or an admin). */
  action?: boolean;
  /** The zod schema of the posted form (urlencoded), without the form token, which every posted form must carry. */
  form?: TForm;
  /** The zod schema of the query string. */
  query?: TQuery;
  /** The page a person sees for a domain refusal (409, 404, 400 on a form); `event` has the form as posted. */
  errorPage: (problem: HttpProblem, session: ConsoleSession | undefined, event: APIGatewayProxyEvent) => APIGatewayProxyResult | Promise<APIGatewayProxyResult>;
}

type OutputOf<T> = T extends z.ZodType ? z.output<T> : undefined;

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new BadRequestProblem(`The ${what} is not valid.`, fieldErrors(parsed.error));
  return parsed.data;
}

const wantsPage = (event: APIGatewayProxyEvent) => asksForPage(event.headers?.accept);

function domainErrorPages(errorPage: ConsoleOptions<undefined, undefined, undefined>['errorPage']): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      if (request.response != null || !request.error || request.error instanceof SessionProblem) return;
      if (!wantsPage(request.event)) return;
      const problem = asCallerProblem(request.error);
      if (!problem) return;
      logger.info('Console request refused', { status: problem.status, problem: problem.type });
      request.response = await errorPage(problem, sessionFromContext(request.event.requestContext?.authorizer), request.event);
    },
  };
}

/**
 * Wraps a console use case: header normalisation, logger context (never the event: the cookie holds
 * the session), correlation id, a small body limit and form parsing, the session from the authorizer
 * (API Gateway's in AWS, the local gateway's locally), the role and form token an action needs, and
 * validation of the form and query with their zod schemas.
 */
export function consoleHandler<
  TForm extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TParams extends z.ZodType | undefined = undefined,
>(
  options: ConsoleOptions<TForm, TQuery, TParams>,
  useCase: (input: ConsoleInput<OutputOf<TForm>, OutputOf<TQuery>, OutputOf<TParams>>) => Promise<APIGatewayProxyResult>,
) {
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(observability())
    .use(correlation())
    .use(bodyLimit(MAX_FORM_BYTES));
  const posts = options.form !== undefined || options.action === true;
  if (posts) chain.use(httpUrlencodeBodyParser({ disableContentTypeError: true }));
  return chain
    .use(problemErrors())
    .use(domainErrorPages(options.errorPage))
    .handler(async (event, context) => {
      const session = sessionFromContext(event.requestContext?.authorizer);
      if (!session) throw new SessionProblem(401, 'Sign in to the console first: GET /console/sign-in.', { type: problemType('unauthorized') });
      const body = event.body as unknown;
      const fields = body !== null && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
      if (options.action && !mayAct(session.role)) {
        throw new SessionProblem(403, `A ${session.role} may read the console but not act.`, { type: problemType('forbidden') });
      }
      if (posts) {
        if (!csrfMatches(fields[CSRF_FIELD], session.csrf)) {
          throw new SessionProblem(403, 'The form token is missing or not this session\u2019s: reload the page and try again.', {
            type: problemType('forbidden'),
          });
        }
        delete fields[CSRF_FIELD];
      }
      const form = (options.form ? parse(options.form, fields, 'form') : undefined) as OutputOf<TForm>;
      const query = (options.query ? parse(options.query, event.queryStringParameters, 'query') : undefined) as OutputOf<TQuery>;
      const params = (options.params ? parse(options.params, event.pathParameters, 'address') : undefined) as OutputOf<TParams>;
      return useCase({ event, context, session, form, query, params });
    });
}
