// Retries carrying the same Idempotency-Key get the first answer (Powertools Idempotency on DynamoDB).
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ConflictError, DomainError } from './errors.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** Keys are opaque to us; any printable token of sane length is accepted. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Wraps `operation` so that calls with the same key run it once and replay its result. Without a
 * key the operation simply runs. The same key with another payload is refused (422); a call whose
 * twin is still running is told to retry (409).
 */
export function idempotentByKey<I, O>(
  name: string,
  operation: (payload: I) => Promise<O>,
  options: { tableName: string },
): (key: string | undefined, payload: I) => Promise<O> {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: options.tableName });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  // A named wrapper: Powertools prefixes stored keys with the function's name.
  const once = makeIdempotent(
    { [name]: async (call: { key: string; payload: I }) => operation(call.payload) }[name]!,
    { persistenceStore, config },
  );
  return async (key, payload) => {
    if (key === undefined) return operation(payload);
    try {
      return (await once({ key, payload })) as O;
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new DomainError('unprocessable', 'This Idempotency-Key was already used with a different request body.', { cause: error });
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly.', { cause: error });
      }
      throw error;
    }
  };
}
