// Errors of the built-in connectors, and which AWS errors no retry can cure.
import type { ConnectorKind } from '../model.js';

/** Base of every error a built-in connector throws on purpose. Messages name ids, never people. */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
}

/** The system's connector is not one fulfilment runs itself (webhook and manual systems report back). */
export class UnsupportedConnectorError extends ConnectorError {
  override name = 'UnsupportedConnectorError';
  constructor(
    readonly systemId: string,
    readonly kind: ConnectorKind,
  ) {
    super(`System ${systemId} has a ${kind} connector, which is not a built-in connector: it reports its result through POST /v1/tasks/{taskId}/result.`);
  }
}

/** The system's registration cannot work (e.g. an S3 prefix without the subject's placeholder). Permanent. */
export class MisconfiguredConnectorError extends ConnectorError {
  override name = 'MisconfiguredConnectorError';
}

/** DynamoDB left writes unprocessed after every retry: throttling, so the workflow retries later. */
export class UnprocessedItemsError extends ConnectorError {
  override name = 'UnprocessedItemsError';
}

/** S3 refused to delete some objects of a DeleteObjects call; `code` is S3's error code for the first. */
export class ObjectDeletionError extends ConnectorError {
  override name = 'ObjectDeletionError';
  constructor(readonly code: string) {
    super(`S3 did not delete every object: ${code}.`);
  }
}

/** Fixed texts for the failures no retry cures; an SDK message may quote keys, which may name a person. */
const PERMANENT: Record<string, string> = {
  ResourceNotFoundException: 'the DynamoDB table does not exist (ResourceNotFoundException)',
  NoSuchBucket: 'the S3 bucket does not exist (NoSuchBucket)',
  AccessDenied: 'access was denied (AccessDenied)',
  AccessDeniedException: 'access was denied (AccessDeniedException)',
};

/**
 * What to report for an error that retrying cannot cure, or undefined for one the workflow's
 * Retry should see (throttling, 5xx, network).
 */
export function permanentFailure(error: unknown): string | undefined {
  if (error instanceof MisconfiguredConnectorError) return error.message;
  if (!(error instanceof Error)) return undefined;
  const code = error instanceof ObjectDeletionError ? error.code : error.name;
  return PERMANENT[code];
}
