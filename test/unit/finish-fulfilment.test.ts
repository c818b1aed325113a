import { describe, expect, it } from 'vitest';
import { finishFulfilment, type FinishDeps } from '../../shared/fulfilment/fulfil-request.js';
import type { DataSystem, SystemOutcome } from '../../shared/fulfilment/model.js';
import { dataSystem } from '../support/data-system.js';
import type { ConsentEvent } from '../../shared/preferences/consent-state.js';
import type { SuppressionReason } from '../../shared/preferences/suppression-list.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import type { Disclosure } from '../../shared/notifications/disclosure-register.js';
import type { Notice } from '../../shared/notices/catalogue.js';
import type { NewAuditEvent, RequestStore } from '../../shared/requests/request-store.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');

/** A finishing step over fakes: what it suppressed, wrote into the register and recorded in the chain. */
function finishing(request: RequestRecord, systems: DataSystem[] = []) {
  const suppressed: { reason: SuppressionReason; requestId?: string }[] = [];
  const register: { subjectHash: string; event: ConsentEvent }[] = [];
  const chain: NewAuditEvent[] = [];
  const ownCopiesErased: string[] = [];
  const linksIssued: { requestId: string; key: string; locale: string }[] = [];
  const mailed: Notice[] = [];
  const noticeFor: (string | undefined)[] = [];
  const started: { requestId: string; run?: number }[] = [];
  let current = request;
  const store = {
    get: async () => current,
    transition: async (before: RequestRecord, status: RequestRecord['status'], events: readonly NewAuditEvent[], changes: Partial<RequestRecord>) => {
      chain.push(...events);
      current = { ...before, ...changes, status };
      return current;
    },
    record: async (before: RequestRecord, events: readonly NewAuditEvent[], changes: Partial<RequestRecord>) => {
      chain.push(...events);
      current = { ...before, ...changes };
      return current;
    },
  } as unknown as RequestStore;
  const deps: FinishDeps = {
    store,
    systems: { list: async () => systems },
    notify: async (_to, notice, _locale, _timeZone, mail) => {
      mailed.push(notice);
      noticeFor.push(mail?.requestId);
    },
    disclosures: {
      list: async (year) => REGISTER.filter((d) => d.year === year),
      listAll: async () => REGISTER,
    },
    suppressions: {
      suppress: async (_email, reason, _at, requestId) => {
        suppressed.push({ reason, ...(requestId ? { requestId } : {}) });
      },
    },
    consents: {
      append: async (subjectHash, event) => {
        register.push({ subjectHash, event });
      },
    },
    exportLink: async (requestId, key, locale) => {
      linksIssued.push({ requestId, key, locale });
      return { url: 'https://example.org/x', validUntil: NOW.toISOString() };
    },
    eraseOwnCopies: async (erasure) => {
      ownCopiesErased.push(erasure.id);
      return { requests: 2, objects: 3, consentEntries: 1 };
    },
    tasks: { finish: async () => undefined },
    workflows: {
      start: async (requestId, run) => {
        started.push({ requestId, ...(run ? { run } : {}) });
        return { requestId, executionId: `fulfil-${requestId}-${run}` };
      },
    },
    now: () => NOW,
  };
  const run = (bundle: { key: string } | null = null, outcomes: SystemOutcome[] = []) =>
    finishFulfilment({ requestId: request.id, outcomes, decided: [], bundle }, deps);
  return { run, suppressed, register, chain, ownCopiesErased, linksIssued, mailed, noticeFor, started, current: () => current };
}

/** The disclosure register: one recipient the year before the requests below were received, one long before. */
const REGISTER: Disclosure[] = [
  {
    year: '2025',
    recipientId: 'partner',
    name: 'Partner Media Ltd.',
    address: '1 Fleet St, London',
    categories: ['contact data'],
    updatedAt: '2026-01-02T00:00:00Z',
  },
  { year: '2019', recipientId: 'old', name: 'Old Lists GmbH', address: 'Ring 1, Köln', categories: ['contact data'], updatedAt: '2020-01-02T00:00:00Z' },
];

describe('finishFulfilment', () => {
  it('answers a CCPA request for the recipients with the direct-marketing recipients of the calendar year before it (Cal. Civ. Code 1798.83)', async () => {
    // Prepare
    const shineTheLight = finishing(requestRecord('in-progress', { type: 'third-party-disclosure', jurisdiction: 'ccpa' }), [
      dataSystem('crm', { recipients: ['Hosting provider (processor)'], marketingRecipients: ['Co-marketing partner'] }),
    ]);

    // Act
    await shineTheLight.run();

    // Assess
    expect(shineTheLight.mailed).toStrictEqual([
      expect.objectContaining({ kind: 'completed', recipients: ['Partner Media Ltd., 1 Fleet St, London (contact data)'] }),
    ]);
    expect(shineTheLight.mailed[0]).not.toHaveProperty('recipientsScope');
  });

  it('answers a GDPR request for the recipients with every recipient of any purpose, at any time (Art. 15(1)(c)), each once', async () => {
    // Prepare
    const recipients = finishing(requestRecord('in-progress', { type: 'third-party-disclosure', jurisdiction: 'gdpr' }), [
      dataSystem('crm', { recipients: ['Hosting provider (processor)', 'Tax authorities'] }),
      dataSystem('newsletter', { recipients: ['Hosting provider (processor)'], marketingRecipients: ['Co-marketing partner'] }),
    ]);

    // Act
    await recipients.run();

    // Assess
    expect(recipients.mailed).toStrictEqual([
      expect.objectContaining({
        kind: 'completed',
        recipientsScope: 'any-purpose',
        recipients: [
          'Hosting provider (processor)',
          'Tax authorities',
          'Co-marketing partner',
          'Partner Media Ltd., 1 Fleet St, London (contact data)',
          'Old Lists GmbH, Ring 1, Köln (contact data)',
        ],
      }),
    ]);
  });

  it.each([
    { locale: 'de', billing: 'Rechnungen', legalBasis: '§ 147 AO (Steuerrecht)', reason: 'Steuerrecht verlangt es.' },
    { locale: 'en', billing: 'Billing', legalBasis: '§ 147 AO', reason: 'Tax law requires it.' },
  ] as const)(
    "names each system, legal basis and reason in the subject's language ($locale), and a system named once as registered",
    async ({ locale, billing, legalBasis, reason }) => {
      // Prepare
      const rule = { category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO', legalBases: { de: '§ 147 AO (Steuerrecht)' } };
      const systems = [
        dataSystem('billing', {
          name: 'Billing',
          names: { de: 'Rechnungen' },
          retention: [rule],
          objection: { effect: 'not-applicable', reason: 'Tax law requires it.', reasons: { de: 'Steuerrecht verlangt es.' } },
        }),
        dataSystem('chat', { name: 'Live chat' }),
      ];
      const request = requestRecord('in-progress', { type: 'objection', subject: { email: 'record.test@example.org', locale } });
      const finish = finishing(request, systems);

      // Act
      await finish.run(null, [
        { systemId: 'billing', action: 'stop-processing', outcome: 'not-applicable', records: 0, reason: 'Tax law requires it.' },
        {
          systemId: 'billing',
          action: 'delete',
          outcome: 'retained',
          records: 2,
          retained: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' }],
        },
        { systemId: 'chat', action: 'delete', outcome: 'done', records: 1 },
      ]);

      // Assess
      expect(finish.mailed).toStrictEqual([
        expect.objectContaining({
          kind: 'partially-completed',
          systems: [
            expect.objectContaining({ system: billing, reason }),
            expect.objectContaining({ system: billing, outcome: 'retained' }),
            expect.objectContaining({ system: 'Live chat', outcome: 'done' }),
          ],
          retained: [{ system: billing, reason: 'invoices', legalBasis }],
        }),
      ]);
    },
  );

  it('mails the closing notice as a notice about its request, so a reply to it finds the request', async () => {
    // Prepare
    const request = requestRecord('in-progress', { type: 'third-party-disclosure', jurisdiction: 'ccpa' });
    const closing = finishing(request, [dataSystem('crm')]);

    // Act
    await closing.run();

    // Assess
    expect(closing.mailed).toStrictEqual([expect.objectContaining({ kind: 'completed' })]);
    expect(closing.noticeFor).toEqual([request.id]);
  });

  it('tells the subject of a request carried out with no confirmation how to undo it, and not one who confirmed it', async () => {
    // Prepare
    const asFiled = finishing(requestRecord('in-progress', { type: 'marketing-opt-out', verification: { level: 'none', state: 'not-required' } }));
    const confirmed = finishing(requestRecord('in-progress', { type: 'third-party-disclosure' }));

    // Act
    await asFiled.run();
    await confirmed.run();

    // Assess
    expect(asFiled.mailed).toStrictEqual([expect.objectContaining({ kind: 'completed', withoutConfirmation: true })]);
    expect(confirmed.mailed[0]).not.toHaveProperty('withoutConfirmation');
  });

  it('suppresses marketing with reason erased when an erasure closes, and records it in the chain', async () => {
    // Prepare
    const erasure = finishing(requestRecord('in-progress', { type: 'deletion' }));

    // Act
    await erasure.run();

    // Assess
    expect(erasure.suppressed).toStrictEqual([{ reason: 'erased', requestId: '01JTEST00000000000000000AA' }]);
    expect(erasure.chain).toContainEqual(expect.objectContaining({ type: 'preferences.marketing-suppressed', data: { reason: 'erased' } }));
    expect(erasure.register).toStrictEqual([]);
  });

  it("erases privacy-ops' own copies when an erasure closes, and records the counts in the chain", async () => {
    // Prepare
    const erasure = finishing(requestRecord('in-progress', { type: 'deletion' }));

    // Act
    await erasure.run();

    // Assess
    expect(erasure.ownCopiesErased).toStrictEqual(['01JTEST00000000000000000AA']);
    expect(erasure.chain).toContainEqual(expect.objectContaining({ type: 'erasure.own-copies-erased', data: { requests: 2, objects: 3, consentEntries: 1 } }));
  });

  it("issues an access answer's download link in the subject's language, so its pages speak it", async () => {
    // Prepare
    const access = finishing(requestRecord('in-progress', { type: 'access', subject: { email: 'record.test@example.org', locale: 'de' } }));

    // Act
    await access.run({ key: 'exports/01JTEST00000000000000000AA/bundle.zip' });

    // Assess
    expect(access.linksIssued).toStrictEqual([{ requestId: '01JTEST00000000000000000AA', key: 'exports/01JTEST00000000000000000AA/bundle.zip', locale: 'de' }]);
    expect(access.ownCopiesErased).toStrictEqual([]);
  });

  it("keeps the export link's end on the request once the answer is mailed, for the status page's download", async () => {
    // Prepare
    const access = finishing(requestRecord('in-progress', { type: 'access' }));
    const nothing = finishing(requestRecord('in-progress', { type: 'deletion' }));

    // Act
    await access.run({ key: 'exports/01JTEST00000000000000000AA/bundle.zip' });
    await nothing.run();

    // Assess
    expect(access.current().fulfilment).toMatchObject({
      exportKey: 'exports/01JTEST00000000000000000AA/bundle.zip',
      noticeSentAt: NOW.toISOString(),
      exportValidUntil: NOW.toISOString(),
    });
    expect(nothing.current().fulfilment).not.toHaveProperty('exportValidUntil');
  });

  it('suppresses nothing for a deletion limited to some systems (a chat transcript is not the person)', async () => {
    // Prepare
    const transcript = finishing(requestRecord('in-progress', { type: 'deletion', scope: { systems: ['live-chat'] } }));

    // Act
    await transcript.run();

    // Assess
    expect(transcript.suppressed).toStrictEqual([]);
    expect(transcript.ownCopiesErased).toStrictEqual([]);
    expect(transcript.chain.map((e) => e.type)).not.toContain('preferences.marketing-suppressed');
  });

  it.each([
    { type: 'consent-withdrawal', scope: { purposes: ['analytics'] }, choices: ['analytics:withdraw'] },
    { type: 'objection', scope: undefined, choices: ['marketing:object'] },
    { type: 'sale-opt-out', scope: undefined, choices: ['sale-and-sharing:opt-out'] },
    { type: 'marketing-opt-out', scope: undefined, choices: ['marketing:opt-out'] },
  ] as const)('writes what a carried-out $type chose into the register, with the request as source', async ({ type, scope, choices }) => {
    // Prepare
    const request = requestRecord('in-progress', { type, ...(scope ? { scope: { purposes: [...scope.purposes] } } : {}) });
    const closing = finishing(request);

    // Act
    await closing.run();

    // Assess
    expect(closing.register.map((r) => `${r.event.purpose}:${r.event.action}`)).toStrictEqual(choices);
    for (const { subjectHash, event } of closing.register) {
      expect(subjectHash).toBe(request.subjectHash);
      expect(event).toMatchObject({ source: `request:${request.id}`, at: request.receivedAt, recordedAt: NOW.toISOString() });
    }
    expect(closing.chain).toContainEqual(expect.objectContaining({ type: 'preferences.register-updated', data: { choices: choices.join(',') } }));
  });

  it.each([
    { note: 'live chat, for the support it serves', systems: ['live-chat'], choices: ['support:object'], suppressed: [] },
    { note: 'the newsletter, for direct marketing', systems: ['newsletter'], choices: ['marketing:object'], suppressed: ['objection'] },
  ])('records an objection naming only $note, and suppresses marketing only for that', async ({ systems, choices, suppressed }) => {
    // Prepare
    const inventory = [
      dataSystem('live-chat', { purposes: ['support'], objection: { effect: 'delete' } }),
      dataSystem('newsletter', { purposes: ['marketing'], objection: { effect: 'stop' } }),
    ];
    const closing = finishing(requestRecord('in-progress', { type: 'objection', scope: { systems } }), inventory);

    // Act
    await closing.run();

    // Assess
    expect(closing.register.map((r) => `${r.event.purpose}:${r.event.action}`)).toStrictEqual(choices);
    expect(closing.suppressed.map((s) => s.reason)).toStrictEqual(suppressed);
  });

  describe('of a GDPR objection to direct marketing that also erases', () => {
    const inventory = [
      dataSystem('ad-audiences', { purposes: ['marketing'], objection: { effect: 'delete' }, name: 'Ad audiences' }),
      dataSystem('newsletter', { purposes: ['marketing'], objection: { effect: 'stop' }, name: 'Newsletter' }),
    ];
    const stopped: SystemOutcome = { systemId: 'newsletter', action: 'stop-processing', outcome: 'done', records: 1 };
    const staged = (status: RequestRecord['status'], immediateStop: RequestRecord['immediateStop']) =>
      requestRecord(status, {
        type: 'objection',
        verification: { level: 'email', state: status === 'awaiting-verification' ? 'pending' : 'verified' },
        immediateStop,
      });

    it('closes the stop without closing the request: suppressed, recorded, told once what waits, no erasure started before confirmation', async () => {
      // Prepare
      const stop = finishing(staged('awaiting-verification', { state: 'pending' }), inventory);

      // Act
      const { status } = await stop.run(null, [stopped]);

      // Assess
      expect(status).toBe('awaiting-verification');
      expect(stop.current().immediateStop).toMatchObject({
        state: 'done',
        outcomes: [stopped],
        finishedAt: NOW.toISOString(),
        noticeSentAt: NOW.toISOString(),
      });
      expect(stop.suppressed.map((s) => s.reason)).toStrictEqual(['objection']);
      expect(stop.register.map((r) => `${r.event.purpose}:${r.event.action}`)).toStrictEqual(['marketing:object']);
      expect(stop.mailed).toStrictEqual([
        {
          kind: 'objection-stopped',
          jurisdiction: 'gdpr',
          systems: [{ system: 'Newsletter', outcome: 'done', records: 1 }],
          toErase: ['Ad audiences'],
          confirmed: false,
        },
      ]);
      expect(stop.chain.map((e) => e.type)).toEqual(expect.arrayContaining(['objection.stopped', 'notice.stop-sent']));
      expect(stop.chain.map((e) => e.type)).not.toContain('request.completed');
      expect(stop.started).toStrictEqual([]);
    });

    it('starts the erasure as run 2 when the subject confirmed before the stop was done', async () => {
      // Prepare
      const stop = finishing(staged('verified', { state: 'pending' }), inventory);

      // Act
      await stop.run(null, [stopped]);

      // Assess
      expect(stop.mailed).toStrictEqual([expect.objectContaining({ kind: 'objection-stopped', confirmed: true })]);
      expect(stop.started).toStrictEqual([{ requestId: stop.current().id, run: 2 }]);
      expect(stop.current().fulfilmentRun).toBe(2);
    });

    it('answers the erasure with what the stop did beside what the erasure did, in one closing mail', async () => {
      // Prepare
      const erase = finishing(
        staged('in-progress', { state: 'done', outcomes: [stopped], finishedAt: NOW.toISOString(), noticeSentAt: NOW.toISOString() }),
        inventory,
      );

      // Act
      const { status } = await erase.run(null, [{ systemId: 'ad-audiences', action: 'delete', outcome: 'done', records: 2 }]);

      // Assess
      expect(status).toBe('completed');
      expect(erase.current().fulfilment?.outcomes.map((o) => `${o.systemId}:${o.action}:${o.outcome}`)).toStrictEqual([
        'ad-audiences:delete:done',
        'newsletter:stop-processing:done',
      ]);
      expect(erase.mailed).toStrictEqual([
        expect.objectContaining({
          kind: 'completed',
          systems: [
            { system: 'Ad audiences', outcome: 'done', records: 2, erased: true },
            { system: 'Newsletter', outcome: 'done', records: 1 },
          ],
        }),
      ]);
      expect(erase.mailed[0]).not.toHaveProperty('withoutConfirmation');
    });
  });

  it('writes nothing into the register for a request that changes no choice, nor for one already closed', async () => {
    // Prepare
    const access = finishing(requestRecord('in-progress', { type: 'access' }));
    const closed = finishing(requestRecord('cancelled', { type: 'consent-withdrawal' }));

    // Act
    await access.run();
    await closed.run();

    // Assess
    expect(access.register).toStrictEqual([]);
    expect(access.ownCopiesErased).toStrictEqual([]);
    expect(access.chain.map((e) => e.type)).not.toContain('preferences.register-updated');
    expect(closed.register).toStrictEqual([]);
    expect(closed.suppressed).toStrictEqual([]);
  });
});
