import { describe, expect, it } from 'vitest';
import { loggableError, redactPersonalData } from '../../shared/logger.js';

describe('redactPersonalData', () => {
  it.each([
    ['Email address is not verified: anna.schmidt@example.com', 'Email address is not verified: [email]'],
    ['card ending 4242 declined', 'card ending [digits] declined'],
    ['token Qm9yZWQgb2YgdG9rZW5zIHRoYXQgYXJlIGxvbmc_-x expired', 'token [token] expired'],
    ['Conditional check failed on request 01', 'Conditional check failed on request 01'],
  ])('masks %s', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });
});

describe('loggableError', () => {
  it('keeps the name and stack frames but masks the message and drops the cause', () => {
    const error = new Error('send to lea.mueller@example.net failed', { cause: { body: 'lea.mueller@example.net' } });
    const logged = loggableError(error);
    expect(logged.name).toBe('Error');
    expect(logged.message).toBe('send to [email] failed');
    expect(logged.stack).toMatch(/^Error: send to \[email\] failed\n\s+at /);
    expect(JSON.stringify(logged)).not.toContain('lea.mueller');
  });
});
