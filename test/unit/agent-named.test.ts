// Every mail about a request an authorized agent filed names the agent, whichever way the agent
// filed it; a request the company's own systems filed (an OpenDSR controller is one) names none.
import { describe, expect, it } from 'vitest';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import type { Locale } from '../../shared/domain/request-model.js';
import { renderNotice, type Notice } from '../../shared/notices/catalogue.js';
import { viaAgent, type RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const FILERS: { filer: string; record: Partial<RequestRecord>; agent?: string }[] = [
  { filer: 'the subject, through a company system', record: {} },
  {
    filer: 'an agent through the API, with a signed permission',
    record: { agent: { name: 'Rights Agency', email: 'desk@agency.example', permission: { key: 'p', contentType: 'application/pdf', bytes: 9 } } },
    agent: 'Rights Agency',
  },
  { filer: 'a DRP agent', record: { channel: 'drp', filer: 'drp:permission-slip', filerName: 'Permission Slip' }, agent: 'Permission Slip' },
  { filer: 'an OpenDSR controller (a company system)', record: { channel: 'opendsr', filer: 'opendsr:local' } },
];

/** Every mail about a request, from the confirmation link to each way it can end, as its domain path builds it. */
const MAILS: { mail: string; notice: (request: RequestRecord) => Notice }[] = [
  {
    mail: 'verify-request',
    notice: (r) => ({
      kind: 'verify-request',
      requestType: r.type,
      jurisdiction: r.jurisdiction,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      verifyUrl: 'https://privacy.example.com/v1/verify/t',
      expiresAt: '2026-03-08T08:00:00.000Z',
      knowledgeCheck: true,
      ...viaAgent(r),
    }),
  },
  { mail: 'verified', notice: (r) => ({ kind: 'verified', requestType: r.type, dueAt: r.dueAt, ...viaAgent(r) }) },
  { mail: 'completed', notice: (r) => ({ kind: 'completed', requestType: r.type, systems: [], ...viaAgent(r) }) },
  {
    mail: 'partially-completed',
    notice: (r) => ({
      kind: 'partially-completed',
      requestType: r.type,
      jurisdiction: r.jurisdiction,
      systems: [],
      retained: [],
      failed: ['CRM'],
      ...viaAgent(r),
    }),
  },
  {
    mail: 'denied',
    notice: (r) => ({ kind: 'denied', requestType: r.type, jurisdiction: r.jurisdiction, code: 'excessive', reason: 'Repeated daily.', ...viaAgent(r) }),
  },
  { mail: 'cancelled', notice: (r) => ({ kind: 'cancelled', requestType: r.type, jurisdiction: r.jurisdiction, receivedAt: r.receivedAt, ...viaAgent(r) }) },
  { mail: 'locked', notice: (r) => ({ kind: 'locked', requestType: r.type, jurisdiction: r.jurisdiction, ...viaAgent(r) }) },
  { mail: 'expired', notice: (r) => ({ kind: 'expired', requestType: r.type, ...viaAgent(r) }) },
];

const AGENT_WORDS: Record<Locale, RegExp> = { de: /bevollmächtigte Stelle/, en: /authorized agent/ };

const cases = FILERS.flatMap((filer) =>
  MAILS.flatMap((mail) => (['de', 'en'] as const).map((locale) => ({ ...filer, ...mail, locale, label: `${mail.mail} (${locale}) for ${filer.filer}` }))),
);

describe('mails about a request filed by an agent', () => {
  it.each(cases)('$label names the agent exactly when an agent filed it', ({ record, agent, notice, locale }) => {
    // Prepare
    const request = requestRecord('in-progress', record);

    // Act
    const { text } = renderNotice(notice(request), locale, DEMO_CONTROLLER);

    // Assess
    if (agent) {
      expect(text).toContain(agent);
      expect(text).toMatch(AGENT_WORDS[locale]);
    } else {
      expect(text).not.toMatch(AGENT_WORDS[locale]);
    }
  });

  it('names the agent that withdrew a request once, as the one that withdrew it', () => {
    // Prepare
    const request = requestRecord('cancelled', { channel: 'drp', filer: 'drp:permission-slip', filerName: 'Permission Slip' });

    // Act
    const { text } = renderNotice(
      {
        kind: 'cancelled',
        requestType: request.type,
        jurisdiction: 'ccpa',
        receivedAt: request.receivedAt,
        byAgent: { name: 'Permission Slip' },
        ...viaAgent(request),
      },
      'en',
      DEMO_CONTROLLER,
    );

    // Assess
    expect(text).toContain('Permission Slip, your authorized agent, has withdrawn the request it filed for you.');
    expect(text.match(/Permission Slip/g)).toHaveLength(1);
  });
});
