// One sample of every subject page, shared by the unit and browser tests.
import type { SubjectPage, SubjectPageKind } from '../../shared/pages/subject-pages.js';

/** Looks like a real link token: URL-safe base64 of random bytes. */
export const SAMPLE_TOKEN = 'q7W2mZ0x-Lr4_TfK9aYcB1nE3uHsVd6P';

export const SAMPLE_PAGES: Readonly<Record<SubjectPageKind, SubjectPage>> = {
  confirm: { kind: 'confirm', requestType: 'deletion', receivedAt: '2026-03-02T10:00:00Z', token: SAMPLE_TOKEN },
  confirmed: { kind: 'confirmed', requestType: 'objection', dueAt: '2026-03-02' },
  identity: { kind: 'identity', requestType: 'access', token: SAMPLE_TOKEN, attemptsLeft: 3 },
  verified: { kind: 'verified', requestType: 'portability', dueAt: '2026-04-07' },
  locked: { kind: 'locked', requestType: 'deletion' },
  unsubscribe: { kind: 'unsubscribe', maskedEmail: 'a•••@example.com' },
  unsubscribed: { kind: 'unsubscribed', maskedEmail: 'a•••@example.com' },
  expired: { kind: 'expired' },
  invalid: { kind: 'invalid' },
  'rate-limited': { kind: 'rate-limited' },
  unavailable: { kind: 'unavailable' },
};

/** The identity page as it answers a wrong attempt. */
export const SAMPLE_FAILED_IDENTITY: SubjectPage = {
  kind: 'identity',
  requestType: 'access',
  token: SAMPLE_TOKEN,
  attemptsLeft: 2,
  failed: true,
};
