// One sample of every subject page, shared by the unit and browser tests.
import type { SubjectPage, SubjectPageKind } from '../../shared/pages/subject-pages.js';

/** Looks like a real link token: URL-safe base64 of random bytes. */
export const SAMPLE_TOKEN = 'q7W2mZ0x-Lr4_TfK9aYcB1nE3uHsVd6P';

/** The confirmation page of a sale opt-in: the separate second step of a two-step opt-in (11 CCR 7028(a)). */
export const SAMPLE_SALE_OPT_IN_CONFIRM: SubjectPage = {
  kind: 'confirm',
  requestType: 'sale-opt-in',
  receivedAt: '2026-03-02T18:00:00Z',
  token: SAMPLE_TOKEN,
  timeZone: 'America/Los_Angeles',
};

export const SAMPLE_PAGES: Readonly<Record<SubjectPageKind, SubjectPage>> = {
  confirm: { kind: 'confirm', requestType: 'deletion', receivedAt: '2026-03-02T10:00:00Z', token: SAMPLE_TOKEN },
  confirmed: { kind: 'confirmed', requestType: 'objection', dueAt: '2026-03-02' },
  identity: { kind: 'identity', requestType: 'access', token: SAMPLE_TOKEN, attemptsLeft: 3 },
  verified: { kind: 'verified', requestType: 'portability', dueAt: '2026-04-07' },
  locked: { kind: 'locked', requestType: 'deletion', jurisdiction: 'gdpr' },
  closed: { kind: 'closed', requestType: 'deletion', ending: 'cancelled', closedAt: '2026-03-04T23:30:00Z', timeZone: 'Europe/Berlin' },
  unsubscribe: { kind: 'unsubscribe', maskedEmail: 'a•••@example.com' },
  unsubscribed: { kind: 'unsubscribed', maskedEmail: 'a•••@example.com' },
  expired: { kind: 'expired' },
  'provider-cancelled': { kind: 'provider-cancelled' },
  'provider-unavailable': { kind: 'provider-unavailable' },
  'provider-invalid': { kind: 'provider-invalid' },
  'provider-returned': { kind: 'provider-returned' },
  invalid: { kind: 'invalid' },
  'rate-limited': { kind: 'rate-limited' },
  'too-large': { kind: 'too-large' },
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

/** The identity form sent back with fields not filled in as asked: one left empty, one with letters among the digits. */
export const SAMPLE_INCOMPLETE_IDENTITY: SubjectPage = {
  kind: 'identity',
  requestType: 'access',
  token: SAMPLE_TOKEN,
  attemptsLeft: 5,
  postsToSelf: true,
  problems: { city: 'missing', cardLast4: 'format' },
  values: { email: 'olivia.brown@example.co.uk', street: '7 Kingsway', postalCode: 'WC2B 6XF' },
};

/** The identity page offering the independent provider beside the questions. */
export const SAMPLE_PROVIDER_OFFERED: SubjectPage = { kind: 'identity', requestType: 'deletion', token: SAMPLE_TOKEN, attemptsLeft: 5, provider: 'offered' };

/** The identity page once the questions locked: only the provider is left. */
export const SAMPLE_PROVIDER_AFTER_LOCK: SubjectPage = {
  kind: 'identity',
  requestType: 'deletion',
  token: SAMPLE_TOKEN,
  attemptsLeft: 0,
  provider: 'offered',
  knowledgeLocked: true,
  postsToSelf: true,
};

/** The identity page where the provider is required. */
export const SAMPLE_PROVIDER_REQUIRED: SubjectPage = { kind: 'identity', requestType: 'access', token: SAMPLE_TOKEN, provider: 'required' };

/** The refusal after the provider could not confirm the person. */
export const SAMPLE_LOCKED_BY_PROVIDER: SubjectPage = { kind: 'locked', requestType: 'deletion', jurisdiction: 'ccpa', byProvider: true };
