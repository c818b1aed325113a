// Composes the house middleware stack around a use case; every HTTP handler is built here.
import { observability } from '../tracer.js';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { ProblemMembers } from './problem.js';
import { bodyLimit, correlation, problemErrors, validateBody, validateQuery } from './middlewares.js';

// No reporting endpoint is configured, so none is announced (middy would send an empty header).
const securityHeaderOptions = { reportingEndpoints: false } as Parameters<typeof httpSecurityHeaders>[0];

/** Bodies above this many bytes are refused with 413 unless a route sets its own limit. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What a use case receives: the event, with `body` already parsed and validated when a schema is set. */
export interface HttpInput<TBody, TQuery = undefined> {
  body: TBody;
  /** The body exactly as it arrived (decoded from base64 if need be), for checking a signature over it. */
  rawBody: string | null;
  query: TQuery;
  event: APIGatewayProxyEvent;
  context: Context;
}

export interface HttpHandlerOptions<TSchema extends z.ZodType | undefined, TQuerySchema extends z.ZodType | undefined> {
  /** The zod schema of the JSON body; without it the route takes no body. */
  body?: TSchema;
  /** The zod schema of the query string parameters. */
  query?: TQuerySchema;
  maxBodyBytes?: number;
  /** A protocol's own error members, added to every problem document the route answers with. */
  problemMembers?: ProblemMembers;
}

type OutputOf<TSchema> = TSchema extends z.ZodType ? z.output<TSchema> : undefined;

/**
 * Wraps `useCase` in the shared middy chain: header normalisation, Powertools Logger context (the
 * event is never logged), correlation id, security headers, body size limit, query and JSON body
 * validation with zod when schemas are given, and problem+json errors.
 */
export function httpHandler<TSchema extends z.ZodType | undefined = undefined, TQuerySchema extends z.ZodType | undefined = undefined>(
  options: HttpHandlerOptions<TSchema, TQuerySchema>,
  useCase: (input: HttpInput<OutputOf<TSchema>, OutputOf<TQuerySchema>>) => Promise<APIGatewayProxyResult>,
) {
  const raw = new WeakMap<APIGatewayProxyEvent, string | null>();
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use({
      before: (request) => {
        const { body, isBase64Encoded } = request.event;
        raw.set(request.event, body == null ? null : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body);
      },
    })
    .use(httpHeaderNormalizer())
    .use(observability())
    .use(correlation())
    .use(httpSecurityHeaders(securityHeaderOptions))
    .use(bodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  if (options.query) chain.use(validateQuery(options.query));
  if (options.body) chain.use(httpJsonBodyParser()).use(validateBody(options.body));
  return chain.use(problemErrors(options.problemMembers)).handler((event, context) =>
    useCase({
      body: event.body as OutputOf<TSchema>,
      rawBody: raw.get(event) ?? null,
      query: event.queryStringParameters as OutputOf<TQuerySchema>,
      event,
      context,
    }),
  );
}
