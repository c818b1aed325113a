// Domain errors: thrown by rules and adapters, turned into problem+json by the one error middleware.

/** What kind of refusal an error is; the HTTP layer maps each kind to one status. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'gone' | 'unprocessable';

export interface DomainErrorOptions extends ErrorOptions {
  /** A finer name for the refusal than its kind (e.g. `bad-signature`), for callers that tell refusals apart. */
  code?: string;
}

/**
 * Base of every error the domain throws on purpose. Its message is shown to the caller, so it
 * names ids and rules, never personal data.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly code?: string;
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options?: DomainErrorOptions,
  ) {
    super(message, options);
    if (options?.code) this.code = options.code;
  }
}

/** The caller has not shown who it is: no credential, or one that does not hold. */
export class UnauthorizedError extends DomainError {
  override name = 'UnauthorizedError';
  constructor(message: string, options?: DomainErrorOptions) {
    super('unauthorized', message, options);
  }
}

/** The caller is known, or claims to be someone, and may not do this. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  constructor(message: string, options?: DomainErrorOptions) {
    super('forbidden', message, options);
  }
}

/** No such resource (or one the caller may not know of). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  constructor(message: string, options?: ErrorOptions) {
    super('not-found', message, options);
  }
}

/** The resource changed under the caller, or its state does not allow the action. */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  constructor(message: string, options?: ErrorOptions) {
    super('conflict', message, options);
  }
}

/** A conflict that passes by itself: the caller may retry after `retryAfterSeconds`. */
export class RetryLaterError extends ConflictError {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A status change the request lifecycle forbids. */
export class TransitionError extends ConflictError {
  override name = 'TransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`A request in status ${from} cannot move to ${to}.`);
  }
}

/** Input that passed the schema but breaks a rule (e.g. a document that is not what it claims). */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super('invalid', message, options);
  }
}

/** Input that is well-formed but cannot be carried out as asked; `fields` says what is wrong where. */
export class UnprocessableError extends DomainError {
  override name = 'UnprocessableError';
  constructor(
    message: string,
    readonly fields: readonly { path: string; message: string }[],
    options?: DomainErrorOptions,
  ) {
    super('unprocessable', message, options);
  }
}
