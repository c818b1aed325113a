// Scheduled (EventBridge): erases deactivated accounts whose grace period has passed.
import { observability } from '../../shared/tracer.js';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger.js';
import { eraseDeactivatedAccounts, type AccountRetentionSummary } from '../../shared/retention/deactivated-accounts.js';
import { accountRetentionDeps } from '../wiring/retention.js';

/** Thrown after a run in which some accounts could not be erased completely, so the invocation counts as failed. */
export class IncompleteRetentionError extends Error {
  override name = 'IncompleteRetentionError';
}

export const handler = middy<ScheduledEvent, AccountRetentionSummary, Error, Context>()
  .use(observability())
  .handler(async () => {
    const summary = await eraseDeactivatedAccounts(accountRetentionDeps());
    logger.info('Account retention run finished', { ...summary });
    if (summary.incomplete > 0) {
      throw new IncompleteRetentionError(`${summary.incomplete} deactivated accounts were not erased completely; the next run tries again.`);
    }
    return summary;
  });
