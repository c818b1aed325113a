import { describe, expect, it } from 'vitest';
import { pageFor } from '../../shared/verification/verify-request.js';
import { requestRecord as request } from '../support/request-record.js';

describe('the page behind a confirmation link, by where the request stands', () => {
  it.each([
    ['verified', 'verified'],
    ['in-progress', 'verified'],
    // The subject is not shown an internal failure: an operator resumes the run.
    ['failed', 'verified'],
    ['completed', 'verified'],
    ['partially-completed', 'verified'],
    ['expired', 'expired'],
    ['cancelled', 'invalid'],
  ] as const)('shows a %s request as %s', (status, page) => {
    // Act
    const outcome = pageFor(request(status));

    // Assess
    expect(outcome.page).toBe(page);
  });

  it('shows a failed request confirmed by email alone as confirmed', () => {
    // Act
    const outcome = pageFor(request('failed', { verification: { level: 'email', state: 'verified' } }));

    // Assess
    expect(outcome.page).toBe('confirmed');
  });
});
