// SES receipt rule → here (after its S3 action stored the raw mail): each mail is taken in.
import { logger } from '../../shared/logger.js';
import { takeInSesMail } from '../../shared/intake/ses-receipt.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { rawMailStore, receiveMailDeps } from '../wiring/intake.js';
import { SesReceiptEvent } from './intake.schema.js';

export const handler = taskHandler(SesReceiptEvent, async (event) => {
  for (const { ses } of event.Records) {
    const { mail, duplicate } = await takeInSesMail(ses, { raw: rawMailStore(), receive: receiveMailDeps() });
    logger.info('SES mail taken in', { mailId: mail.id, outcome: mail.outcome, duplicate: duplicate ?? false });
  }
});
