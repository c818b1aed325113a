// RFC 9457 problem details: the one shape every error leaves the API in.
import type { APIGatewayProxyResult } from 'aws-lambda';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field: a JSON path into the payload and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
  /** Members a protocol's own error shape adds (DRP's `code`/`message`/`fatal`, OpenDSR's `error`). */
  [member: string]: unknown;
}

/** Adds a protocol's own error members to a problem document (RFC 9457 §3.2 extension members). */
export type ProblemMembers = (problem: ProblemDocument, error: HttpProblem | undefined) => Record<string, unknown>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error a caller can act on. Its message is shown to the caller as `detail`, so it must never
 * hold personal data; `cause` stays internal.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  readonly title: string;
  constructor(
    readonly status: number,
    detail: string,
    readonly extra: { type?: string; errors?: FieldError[]; headers?: Record<string, string>; fatal?: boolean } = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.title = TITLES[status] ?? 'Error';
  }

  get type(): string {
    return this.extra.type ?? 'about:blank';
  }
}

export class BadRequestProblem extends HttpProblem {
  override name = 'BadRequestProblem';
  constructor(detail: string, errors?: FieldError[], options?: ErrorOptions) {
    super(400, detail, { type: problemType(errors ? 'validation-failed' : 'bad-request'), errors }, options);
  }
}

export class UnauthorizedProblem extends HttpProblem {
  override name = 'UnauthorizedProblem';
  constructor(detail = 'This route needs a valid API key or SigV4 signature.') {
    super(401, detail, { type: problemType('unauthorized') });
  }
}

export class ForbiddenProblem extends HttpProblem {
  override name = 'ForbiddenProblem';
  constructor(detail: string) {
    super(403, detail, { type: problemType('forbidden') });
  }
}

export class NotFoundProblem extends HttpProblem {
  override name = 'NotFoundProblem';
  constructor(detail: string) {
    super(404, detail, { type: problemType('not-found') });
  }
}

export class MethodNotAllowedProblem extends HttpProblem {
  override name = 'MethodNotAllowedProblem';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`, {
      type: problemType('method-not-allowed'),
      headers: { allow: allowed.join(', ') },
    });
  }
}

export class PayloadTooLargeProblem extends HttpProblem {
  override name = 'PayloadTooLargeProblem';
  constructor(limitBytes: number) {
    super(413, `The request body is larger than ${limitBytes} bytes.`, { type: problemType('payload-too-large') });
  }
}

export class UnsupportedMediaTypeProblem extends HttpProblem {
  override name = 'UnsupportedMediaTypeProblem';
  constructor(detail = 'The request body must be JSON (Content-Type: application/json).') {
    super(415, detail, { type: problemType('unsupported-media-type') });
  }
}

export class TooManyRequestsProblem extends HttpProblem {
  override name = 'TooManyRequestsProblem';
  constructor(retryAfterSeconds: number) {
    super(429, 'Too many requests from this client; retry later.', {
      type: problemType('throttled'),
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** The `type` URI of one of this API's problems. */
export function problemType(slug: string): string {
  return `urn:privacy-ops:problem:${slug}`;
}

/** Shapes a problem document as an API Gateway proxy result. */
export function problemResult(problem: ProblemDocument, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}

/** The problem document of an HttpProblem. */
export function toProblemDocument(error: HttpProblem, correlationId?: string): ProblemDocument {
  return {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...(correlationId ? { correlationId } : {}),
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
  };
}

/** The document for a failure on our side: it names the correlation id and nothing else. */
export function internalProblem(correlationId: string): ProblemDocument {
  return {
    type: problemType('internal'),
    title: TITLES[500]!,
    status: 500,
    detail: `Something failed on our side. Quote correlation id ${correlationId} when reporting it.`,
    correlationId,
  };
}
