// SES → SNS → here: each bounce or complaint notification updates the suppression list.
import { observability } from '../../shared/tracer.js';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { InvalidInputError } from '../../shared/errors.js';
import { fieldErrors } from '../../shared/http/middlewares.js';
import { logger } from '../../shared/logger.js';
import { recordSesEvent } from '../../shared/preferences/ses-events.js';
import { suppressionList } from '../wiring/suppressions.js';
import { SesEventMessage } from './ses-event.schema.js';

function parseMessage(messageId: string, message: string) {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch (error) {
    throw new InvalidInputError(`SNS message ${messageId} is not JSON.`, undefined, { cause: error });
  }
  const parsed = SesEventMessage.safeParse(json);
  // Only the paths are named: the values are addresses. Thrown, the message lands in the function's failure destination.
  if (!parsed.success) {
    throw new InvalidInputError(
      `SNS message ${messageId} is not a valid SES event at ${fieldErrors(parsed.error)
        .map((e) => e.path)
        .join(', ')}.`,
    );
  }
  return parsed.data;
}

export const handler = middy<SNSEvent, void, Error, Context>()
  .use(observability())
  .handler(async (event) => {
    for (const { Sns } of event.Records) {
      const notification = parseMessage(Sns.MessageId, Sns.Message);
      const result = await recordSesEvent(notification, { suppressions: suppressionList(), now: () => new Date() });
      logger.info('SES event recorded', { snsMessageId: Sns.MessageId, type: notification.type, ...result });
    }
  });
