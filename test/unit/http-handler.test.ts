import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpHandler } from '../../shared/http/handler.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RetryLaterError,
  UnauthorizedError,
  UnprocessableError,
  type DomainErrorKind,
} from '../../shared/errors.js';
import { SignatureError } from '../../shared/fulfilment/system-tasks.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { jsonResult } from '../../shared/http/results.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

const Body = z.object({
  email: z.email(),
  scope: z.object({ systems: z.array(z.string().min(1)) }).optional(),
});

const echo = httpHandler({ body: Body, maxBodyBytes: 512 }, async ({ body }) => jsonResult(201, { email: body.email }));
const noBody = httpHandler({}, async () => jsonResult(200, { ok: true }));
const failing = httpHandler({}, async () => {
  throw new Error('database said no for anna.schmidt@example.com');
});
const conflicting = httpHandler({}, async () => {
  throw new HttpProblem(409, 'The request is already completed.');
});

const jsonEvent = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => apiEvent({ body, headers });

describe('httpHandler', () => {
  it('parses and validates the JSON body, then replies with the use case result', async () => {
    const result = await echo(jsonEvent(JSON.stringify({ email: 'person@example.com' })), lambdaContext());
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ email: 'person@example.com' });
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });

  it('sets security headers and no-store on every reply', async () => {
    const result = await noBody(apiEvent({ httpMethod: 'GET' }), lambdaContext());
    expect(result.headers).toMatchObject({
      'cache-control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Strict-Transport-Security': expect.stringContaining('max-age='),
    });
    expect(result.headers).not.toHaveProperty('Reporting-Endpoints');
  });

  it('echoes a well-formed x-correlation-id and otherwise uses the gateway request id', async () => {
    const offered = await noBody(apiEvent({ headers: { 'X-Correlation-Id': 'caller-trace-12345' } }), lambdaContext());
    expect(offered.headers?.['x-correlation-id']).toBe('caller-trace-12345');
    const hostile = await noBody(apiEvent({ headers: { 'x-correlation-id': '<script>alert(1)</script>' } }), lambdaContext());
    expect(hostile.headers?.['x-correlation-id']).toBe('gateway-request-id-0001');
  });

  it('answers an invalid body with 400 problem+json naming each field, without echoing values', async () => {
    const result = await echo(jsonEvent(JSON.stringify({ email: 'not-an-email-secret', scope: { systems: [''] } })), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', type: 'urn:privacy-ops:problem:validation-failed' });
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'scope.systems[0]']);
    expect(result.body).not.toContain('not-an-email-secret');
  });

  it('answers a missing body on a route that needs one with 400, naming the body', async () => {
    const result = await echo(jsonEvent('null'), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).errors[0].path).toBe('(body)');
  });

  it('answers malformed JSON with 400 and says so', async () => {
    const result = await echo(jsonEvent('{"email": '), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).detail).toMatch(/not well-formed JSON/);
  });

  it('answers a body that is not JSON with 415', async () => {
    const result = await echo(jsonEvent('email=a@b.c', { 'Content-Type': 'application/x-www-form-urlencoded' }), lambdaContext());
    expect(result.statusCode).toBe(415);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers a body over the limit with 413 before parsing it', async () => {
    const result = await echo(jsonEvent(JSON.stringify({ email: `${'a'.repeat(600)}@example.com` })), lambdaContext());
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body).detail).toContain('512 bytes');
  });

  it('passes a domain problem through with its status and detail', async () => {
    const result = await conflicting(apiEvent(), lambdaContext());
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body)).toMatchObject({ title: 'Conflict', detail: 'The request is already completed.' });
  });

  it('turns an unexpected error into a generic 500 that names only the correlation id', async () => {
    const { result, output } = await captureOutput(() => failing(apiEvent(), lambdaContext()));
    expect(result.statusCode).toBe(500);
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({ status: 500, correlationId: 'gateway-request-id-0001' });
    expect(result.body).not.toContain('database');
    expect(output).toContain('gateway-request-id-0001');
    expect(output).toContain('database said no for [email]');
    expect(output).not.toContain('anna.schmidt@example.com');
  });

  it('never logs the event or its body', async () => {
    const secret = 'jonas.weber@example.org';
    const { output } = await captureOutput(async () => {
      await echo(jsonEvent(JSON.stringify({ email: secret })), lambdaContext());
      await echo(jsonEvent(JSON.stringify({ email: secret, scope: 'wrong' })), lambdaContext());
      await echo(jsonEvent(`{"email":"${secret}"`), lambdaContext());
    });
    expect(output).not.toContain(secret);
    expect(output).toContain('Request refused');
  });
});

describe('problemErrors', () => {
  const throwing = (error: Error) =>
    httpHandler({}, async () => {
      throw error;
    });

  it.each([
    { error: new InvalidInputError('The document is not a PDF.'), status: 400, title: 'Bad Request', kind: 'invalid' },
    { error: new UnauthorizedError('A current bearer token is required.'), status: 401, title: 'Unauthorized', kind: 'unauthorized' },
    { error: new ForbiddenError('Another agent manages this request.'), status: 403, title: 'Forbidden', kind: 'forbidden' },
    { error: new NotFoundError('No request r1.'), status: 404, title: 'Not Found', kind: 'not-found' },
    { error: new ConflictError('Request r1 is completed.'), status: 409, title: 'Conflict', kind: 'conflict' },
    { error: new DomainError('gone', 'Task t1 is no longer waiting.'), status: 410, title: 'Gone', kind: 'gone' },
    { error: new DomainError('unprocessable', 'This Idempotency-Key was already used.'), status: 422, title: 'Unprocessable Content', kind: 'unprocessable' },
  ] satisfies { error: DomainError; status: number; title: string; kind: DomainErrorKind }[])(
    'answers a $kind domain error with $status problem+json that shows its message',
    async ({ error, status, title, kind }) => {
      // Act
      const result = await throwing(error)(apiEvent(), lambdaContext());

      // Assess
      expect(result.statusCode).toBe(status);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(result.body)).toStrictEqual({
        type: `urn:privacy-ops:problem:${kind}`,
        title,
        status,
        detail: error.message,
        correlationId: 'gateway-request-id-0001',
      });
    },
  );

  it('names a refusal by its code where it has one: a badly signed report is a 401 bad-signature', async () => {
    // Act
    const result = await throwing(new SignatureError('missing'))(apiEvent(), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toStrictEqual({
      type: 'urn:privacy-ops:problem:bad-signature',
      title: 'Unauthorized',
      status: 401,
      detail:
        'The x-privacy-ops-signature header is missing: sign "<unix seconds>.<body>" with HMAC-SHA256 and the system\'s secret, sent as t=<seconds>,v1=<hex>.',
      correlationId: 'gateway-request-id-0001',
    });
  });

  it('tells a client to come back later with Retry-After', async () => {
    // Act
    const result = await throwing(new RetryLaterError('The first call is still running.', 3))(apiEvent(), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['retry-after']).toBe('3');
  });

  it('names the field an invalid input error is about', async () => {
    // Act
    const result = await throwing(new InvalidInputError('The document is not a PDF.', 'document'))(apiEvent(), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({
      type: 'urn:privacy-ops:problem:validation-failed',
      errors: [{ path: 'document', message: 'The document is not a PDF.' }],
    });
  });

  it('answers an input it cannot carry out with 422, its code as type and each part that is wrong in errors', async () => {
    // Prepare
    const error = new UnprocessableError('The scope cannot be carried out.', [{ path: 'scope.systems[0]', message: 'is not a system in the data inventory' }], {
      code: 'objection-scope',
    });

    // Act
    const result = await throwing(error)(apiEvent(), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({
      type: 'urn:privacy-ops:problem:objection-scope',
      status: 422,
      detail: 'The scope cannot be carried out.',
      errors: [{ path: 'scope.systems[0]', message: 'is not a system in the data inventory' }],
    });
  });

  it('logs a refusal as refused, with its status and type and without its message', async () => {
    // Act
    const { result, output } = await captureOutput(() => throwing(new ForbiddenError('Another agent manages request r1.'))(apiEvent(), lambdaContext()));

    // Assess
    expect(result.statusCode).toBe(403);
    expect(output).toContain('Request refused');
    expect(output).toContain('urn:privacy-ops:problem:forbidden');
    expect(output).not.toContain('Request failed');
    expect(output).not.toContain('Another agent manages');
  });
});
