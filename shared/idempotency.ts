// Retries carrying the same Idempotency-Key get the first answer (Powertools Idempotency on DynamoDB).
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DomainError, RetryLaterError } from './errors.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** What a call finding its key in flight is told to wait before trying again. */
export const IN_FLIGHT_RETRY_SECONDS = 2;

/** Keys are opaque to us; any printable token of sane length is accepted. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Wraps `operation` so that calls with the same key run it once and replay its result. Without a
 * key the operation simply runs. The same key with another payload is refused (422); a call whose
 * twin is still running is told to retry (409). The Lambda context bounds how long a call counts
 * as running: without it, a call that died mid-way (its record's clean-up failing too) would hold
 * its key "in progress" for the whole TTL instead of until its function's timeout.
 */
export function idempotentByKey<I, O>(
  name: string,
  operation: (payload: I) => Promise<O>,
  options: { tableName: string },
): (key: string | undefined, payload: I, context: Context) => Promise<O> {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: options.tableName });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  // A named wrapper: Powertools prefixes stored keys with the function's name.
  const once = makeIdempotent({ [name]: async (call: { key: string; payload: I }) => operation(call.payload) }[name]!, { persistenceStore, config });
  return async (key, payload, context) => {
    if (key === undefined) return operation(payload);
    // One invocation at a time per Lambda environment, so the config may carry this call's context.
    config.registerLambdaContext(context);
    try {
      return (await once({ key, payload })) as O;
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new DomainError('unprocessable', 'This Idempotency-Key was already used with a different request body.', { cause: error });
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        // Powertools does not say how long the twin may still hold the key (at most its function's timeout): a short poll.
        throw new RetryLaterError(
          'A request with this Idempotency-Key is still being processed; retry after the time Retry-After gives.',
          IN_FLIGHT_RETRY_SECONDS,
          { cause: error },
        );
      }
      throw error;
    }
  };
}
