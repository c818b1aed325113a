import { describe, expect, it } from 'vitest';
import { answerFiled } from '../../shared/intake/answer-mail.js';
import type { EmailAnswer } from '../../shared/intake/receive-mail.js';
import type { Notice } from '../../shared/notices/catalogue.js';
import { renderNotice } from '../../shared/notices/catalogue.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import type { NoticeMail, VerificationDeps } from '../../shared/verification/verify-request.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { requestRecord } from '../support/request-record.js';

const ANSWER: EmailAnswer = {
  to: 'anna.schmidt@example.com',
  rights: ['access', 'deletion'],
  headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<m-1@x>', References: '<m-1@x>' },
};

/** Verification deps whose mails and writes are recorded; the workflow start is counted. */
function deps() {
  const sent: Array<{ to: string; notice: Notice; mail: NoticeMail | undefined }> = [];
  const events: string[] = [];
  let started = 0;
  const value = {
    store: {
      record: async (request: RequestRecord, added: Array<{ type: string }>) => {
        events.push(...added.map((e) => e.type));
        return request;
      },
    },
    links: { put: async () => undefined, get: async () => undefined },
    accounts: { findByEmail: async () => undefined },
    workflows: { start: async () => void started++ },
    notify: async (to: string, notice: Notice, _locale: string, _timeZone?: string, mail?: NoticeMail) => void sent.push({ to, notice, mail }),
    publicBaseUrl: 'https://privacy.example.com',
    linkTtlMs: 7 * 86_400_000,
    now: () => new Date('2026-12-01T09:00:00Z'),
  } as unknown as VerificationDeps;
  return { value, sent, events, started: () => started };
}

describe('answerFiled', () => {
  it('threads the confirmation mail to the sender’s mail and says what was understood', async () => {
    const d = deps();
    await answerFiled(requestRecord('awaiting-verification', { subject: { email: 'anna.schmidt@example.com', locale: 'de' } }), ANSWER, d.value);
    expect(d.sent).toHaveLength(1);
    expect(d.sent[0]?.notice).toMatchObject({ kind: 'verify-request', byEmail: { rights: ['access', 'deletion'] } });
    expect(d.sent[0]?.mail).toEqual({ requestId: '01JTEST00000000000000000AA', headers: ANSWER.headers });
  });

  it('answers a request that needs no confirmation with a threaded receipt, and starts it', async () => {
    const d = deps();
    const request = requestRecord('verified', { type: 'sale-opt-out', jurisdiction: 'ccpa', subject: { email: 'anna.schmidt@example.com', locale: 'en' } });
    await answerFiled(request, { ...ANSWER, rights: ['sale-opt-out'] }, d.value);
    expect(d.started()).toBe(1);
    expect(d.sent.map((s) => [s.notice.kind, s.mail?.headers?.['In-Reply-To']])).toEqual([['request-received', '<m-1@x>']]);
  });

  it('mails nothing past the daily cap and records why', async () => {
    const d = deps();
    await answerFiled(requestRecord('awaiting-verification'), undefined, d.value);
    expect(d.sent).toEqual([]);
    expect(d.events).toEqual(['intake.answer-withheld']);
  });
});

describe('the answer’s words', () => {
  it.each([
    ['de', 'So haben wir Ihre E-Mail verstanden: Sie bitten um'],
    ['en', 'This is what we understood you asked for:'],
  ] as const)('in %s, say what was understood and that a reply corrects it', (locale, words) => {
    const rendered = renderNotice(
      {
        kind: 'verify-request',
        requestType: 'access',
        jurisdiction: 'gdpr',
        receivedAt: '2026-12-01T08:00:00Z',
        dueAt: '2027-01-04',
        verifyUrl: 'https://privacy.example.com/v1/verify/x',
        expiresAt: '2026-12-08T08:00:00Z',
        knowledgeCheck: true,
        byEmail: { rights: ['access', 'deletion'] },
      },
      locale,
      DEMO_CONTROLLER,
    );
    expect(rendered.text).toContain(words);
    expect(rendered.text).toMatch(locale === 'de' ? /antworten Sie einfach auf diese E-Mail/ : /simply reply to this email/);
  });
});
