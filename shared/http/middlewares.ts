// The middy middlewares every HTTP handler shares: correlation, size limit, validation, problems.
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, InvalidInputError, RetryLaterError, UnprocessableError, type DomainErrorKind } from '../errors.js';
import { loggableError, logger } from '../logger.js';
import {
  BadRequestProblem,
  HttpProblem,
  PayloadTooLargeProblem,
  UnsupportedMediaTypeProblem,
  internalProblem,
  problemResult,
  problemType,
  toProblemDocument,
  type ProblemDocument,
  type ProblemMembers,
  type FieldError,
} from './problem.js';

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;
type Middleware = middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The id that ties a caller's call to our log lines: the caller's own `x-correlation-id` when it
 * is a plain token, else the API Gateway request id, else the Lambda request id.
 */
export function correlationIdOf(event: APIGatewayProxyEvent, context: Context): string {
  const offered = event.headers?.[CORRELATION_HEADER];
  if (offered && SAFE_CORRELATION_ID.test(offered)) return offered;
  return event.requestContext?.requestId || context.awsRequestId;
}

function withHeader(response: APIGatewayProxyResult | null | undefined, name: string, value: string): void {
  if (!response) return;
  response.headers = { ...response.headers, [name]: value };
}

/** Puts the correlation id on every log line and on the reply. */
export function correlation(): Middleware {
  return {
    before: (request: Request) => {
      logger.setCorrelationId(correlationIdOf(request.event, request.context));
    },
    after: (request: Request) => {
      withHeader(request.response, CORRELATION_HEADER, correlationIdOf(request.event, request.context));
    },
    onError: (request: Request) => {
      withHeader(request.response, CORRELATION_HEADER, correlationIdOf(request.event, request.context));
    },
  };
}

/** Refuses bodies larger than `maxBytes` with a 413 before anything parses them. */
export function bodyLimit(maxBytes: number): Middleware {
  return {
    before: (request: Request) => {
      const { body, isBase64Encoded } = request.event;
      if (body == null) return;
      const size = isBase64Encoded ? Buffer.from(body, 'base64').byteLength : Buffer.byteLength(body, 'utf8');
      if (size > maxBytes) throw new PayloadTooLargeProblem(maxBytes);
    },
  };
}

/** Dotted path of a zod issue, e.g. `subject.email` or `scope.systems[0]`; `(body)` for the root. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

/** The field errors of a failed zod parse, without the offending values. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? // Name each unknown field itself, so the caller sees which one to drop.
        issue.keys.map((key) => ({ path: issuePath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: issuePath(issue.path), message: issue.message }],
  );
}

/** Replaces the parsed JSON body with the schema's output, or throws a 400 naming each bad field. */
export function validateBody(schema: z.ZodType): Middleware {
  return {
    before: (request: Request) => {
      const result = schema.safeParse(request.event.body);
      if (!result.success) {
        throw new BadRequestProblem('The request body is not valid.', fieldErrors(result.error));
      }
      (request.event as { body: unknown }).body = result.data;
    },
  };
}

/** Validates the query string against `schema` and replaces it with the parsed result, or throws a 400 naming each parameter. */
export function validateQuery(schema: z.ZodType): Middleware {
  return {
    before: (request: Request) => {
      const result = schema.safeParse(request.event.queryStringParameters ?? {});
      if (!result.success) {
        throw new BadRequestProblem('The query string is not valid.', fieldErrors(result.error));
      }
      (request.event as { queryStringParameters: unknown }).queryStringParameters = result.data;
    },
  };
}

/** middy's JSON parser says 415 for both a wrong media type and broken JSON; broken JSON is a 400. */
function fromBodyParser(error: Error): HttpProblem | undefined {
  const cause = error.cause as { package?: string } | undefined;
  if (cause?.package !== '@middy/http-json-body-parser') return undefined;
  if (error.message === 'Unsupported Media Type') return new UnsupportedMediaTypeProblem();
  return new BadRequestProblem('The request body is not well-formed JSON.');
}

/** The one table from a domain error's kind to the HTTP status the caller gets. */
const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
};

/** A domain error as the problem the caller sees: its type names its code, else its kind; an invalid field is named in `errors`. */
function fromDomainError(error: DomainError): HttpProblem {
  const status = DOMAIN_STATUS[error.kind];
  if (error instanceof InvalidInputError && error.field) {
    return new BadRequestProblem(error.message, [{ path: error.field, message: error.message }]);
  }
  if (error instanceof UnprocessableError) {
    return new HttpProblem(status, error.message, { type: problemType(error.code ?? error.kind), errors: [...error.fields] });
  }
  const headers = error instanceof RetryLaterError ? { headers: { 'retry-after': String(error.retryAfterSeconds) } } : {};
  return new HttpProblem(status, error.message, { type: problemType(error.code ?? error.kind), ...headers });
}

/** Errors that carry an HTTP status meant for the caller (ours, the domain's, or middy's `createError`). */
export function asCallerProblem(error: Error): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  const fromParser = fromBodyParser(error);
  if (fromParser) return fromParser;
  const { statusCode, expose } = error as { statusCode?: number; expose?: boolean };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && expose !== false) {
    return new HttpProblem(statusCode, error.message);
  }
  return undefined;
}

/**
 * The one place errors become HTTP: a caller's mistake is a 4xx problem that says what is wrong;
 * anything else is a 500 that names only the correlation id, and is logged without payloads.
 */
export function problemErrors(members?: ProblemMembers): Middleware {
  const withMembers = (document: ProblemDocument, problem?: HttpProblem): ProblemDocument =>
    members ? { ...document, ...members(document, problem) } : document;
  return {
    onError: (request: Request) => {
      if (request.response != null || !request.error) return;
      const correlationId = correlationIdOf(request.event, request.context);
      const problem = asCallerProblem(request.error);
      if (problem) {
        logger.info('Request refused', { status: problem.status, problem: problem.type });
        request.response = problemResult(withMembers(toProblemDocument(problem, correlationId), problem), problem.extra.headers);
        return;
      }
      logger.error('Request failed', { error: loggableError(request.error) });
      request.response = problemResult(withMembers(internalProblem(correlationId)));
    },
  };
}
