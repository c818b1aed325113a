import { describe, expect, it } from 'vitest';
import { pageFor } from '../../shared/verification/verify-request.js';
import { requestRecord as request } from '../support/request-record.js';

describe('the page behind a confirmation link, by where the request stands', () => {
  it.each([
    ['verified', 'verified'],
    ['in-progress', 'verified'],
    // The subject is not shown an internal failure: an operator resumes the run.
    ['failed', 'verified'],
    // A request that has ended says how, never "we are carrying it out now".
    ['completed', 'closed'],
    ['partially-completed', 'closed'],
    ['cancelled', 'closed'],
    ['expired', 'expired'],
  ] as const)('shows a %s request as %s', (status, page) => {
    // Act
    const outcome = pageFor(request(status));

    // Assess
    expect(outcome.page).toBe(page);
  });

  it('shows a request refused on its merits as closed, and one refused as unverified as locked', () => {
    // Act
    const refused = pageFor(request('denied', { denial: { code: 'excessive', reason: 'Asked daily.' } }));
    const locked = pageFor(request('denied', { denial: { code: 'unverified', reason: 'Five failed answers.' } }));

    // Assess
    expect(refused.page).toBe('closed');
    expect(locked.page).toBe('locked');
  });

  it('shows a failed request confirmed by email alone as confirmed', () => {
    // Act
    const outcome = pageFor(request('failed', { verification: { level: 'email', state: 'verified' } }));

    // Assess
    expect(outcome.page).toBe('confirmed');
  });
});
