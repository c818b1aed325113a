// One structured logger per process. It logs ids and outcomes, never people or whole events.
import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config.js';

export const logger = new Logger({ serviceName: config('serviceName') });

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const DIGIT_RUN = /(?<![\w.:/-])\d{4,}(?![\w.:/-])/g;
const TOKEN_LIKE = /\b[A-Za-z0-9_-]{32,}\b/g;

/**
 * Masks what may identify a person in free text that is about to be logged (an SDK error may
 * quote an email address; a message may quote a token or card digits).
 */
export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(TOKEN_LIKE, '[token]').replace(DIGIT_RUN, '[digits]');
}

/** An error as a loggable object: name, masked message, and the stack's frames (never `cause`, which may hold payloads). */
export function loggableError(error: Error): { name: string; message: string; stack?: string } {
  const message = redactPersonalData(error.message);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { name: error.name, message, ...(frames.length ? { stack: [`${error.name}: ${message}`, ...frames].join('\n') } : {}) };
}
