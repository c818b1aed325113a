// A whole request record for unit tests that need one: verified by email and knowledge, GDPR,
// received 2026-03-01 in Berlin; `extra` sets whatever the test is about.
import type { RequestStatus } from '../../shared/domain/request-model.js';
import type { RequestRecord } from '../../shared/requests/record.js';

export function requestRecord(status: RequestStatus, extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: '01JTEST00000000000000000AA',
    kind: 'request',
    type: 'access',
    jurisdiction: 'gdpr',
    status,
    version: 4,
    receivedAt: '2026-03-01T08:00:00.000Z',
    channel: 'api',
    subjectHash: 'h'.repeat(64),
    subject: { email: 'record.test@example.org', locale: 'en' },
    verification: { level: 'email+knowledge', state: 'verified' },
    deadlines: { timeZone: 'Europe/Berlin', receivedOn: '2026-03-01', dueAt: '2026-04-01', basis: 'GDPR Art. 12(3)', extended: false },
    dueAt: '2026-04-01',
    auditSeq: 6,
    auditHead: 'a'.repeat(64),
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-05T08:00:00.000Z',
    ...extra,
  };
}
