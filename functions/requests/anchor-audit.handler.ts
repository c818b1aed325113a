// Scheduled (EventBridge, daily): writes the anchor of each day since the last one, up to yesterday.
import { anchorChains } from '../../shared/audit/anchor-chains.js';
import { logger } from '../../shared/logger.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { anchorDeps } from '../wiring/audit.js';
import { AnchorInput } from './audit.schema.js';

export const handler = taskHandler(AnchorInput, async () => {
  const run = await anchorChains(anchorDeps(new Date()));
  logger.info('Audit chains anchored', { anchored: run.anchored, existing: run.existing });
  return run;
});
