import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '../../shared/audit/chain.js';
import type { PageController } from '../../shared/pages/layout.js';
import {
  CENTER_PAGE_CSP,
  renderCenterPage,
  renderFiledPage,
  renderStatusEndedPage,
  renderStatusPage,
  type StatusPage,
} from '../../shared/pages/privacy-center-pages.js';
import { centerAsset } from '../../shared/pages/privacy-center-assets.js';
import { centerAnswer, centerFormAgain, centerLocale, downloadAnswer, statusActions, statusAnswer } from '../../shared/privacy-center/center-answers.js';
import { fileFromCenter, REGION_LAW, type CenterFilingDeps } from '../../shared/privacy-center/file-from-center.js';
import { issueChallenge } from '../../shared/privacy-center/proof-of-work.js';
import {
  cancelByLink,
  downloadByLink,
  STATUS_PAGE_DAYS_AFTER_CLOSE,
  statusDownload,
  statusLinkAlive,
  statusLinkKeptUntil,
  statusState,
  statusSteps,
  viewStatus,
  type CancelDeps,
  type StatusDownloadDeps,
} from '../../shared/privacy-center/request-status.js';
import { ConflictError } from '../../shared/errors.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { hashToken } from '../../shared/verification/tokens.js';

const controller: PageController = {
  name: 'Example Software GmbH',
  postalAddress: 'Musterstraße 1, 80331 München',
  privacyContact: 'privacy@example.com',
  privacyNoticeUrl: 'https://www.example.com/privacy',
};
const LANGUAGES = ['de', 'en'] as const;
const TOKEN = 'q7W2mZ0x-Lr4_TfK9aYcB1nE3uHsVd6Pq7W2mZ0x-Lr';

const place = (locale: 'de' | 'en', gpc = false) => ({ locale, languages: LANGUAGES, controller, gpc });

describe('the privacy center page', () => {
  it.each([
    { locale: 'en', other: 'de', switchTo: 'Deutsch', heading: 'Your privacy rights', gdpr: 'Art. 17 GDPR' },
    { locale: 'de', other: 'en', switchTo: 'English', heading: 'Ihre Datenschutzrechte', gdpr: 'Art. 17 DSGVO' },
  ] as const)('speaks $locale, links to the page in $other, and names each right with its law', ({ locale, other, switchTo, heading, gdpr }) => {
    // Act
    const page = renderCenterPage({ gpc: false }, locale, controller, LANGUAGES);

    // Assess
    expect(page).toContain(`<html lang="${locale}">`);
    expect(page).toContain(`<h1>${heading}</h1>`);
    expect(page).toContain(`href="?lang=${other}" hreflang="${other}" lang="${other}">${switchTo}</a>`);
    expect(page).toContain(gdpr);
    expect(page).toContain('Cal. Civ. Code 1798.120');
    expect(page).toContain('Cal. Civ. Code 1798.83');
    expect(page).toContain('href="https://www.example.com/privacy"');
  });

  it('offers every right, the three places to live, and loads only scripts of its own origin (no inline script)', () => {
    // Act
    const page = renderCenterPage({ gpc: false }, 'en', controller, LANGUAGES);

    // Assess
    expect(page.match(/name="right"/g)).toHaveLength(9);
    expect(page.match(/name="region"/g)).toHaveLength(3);
    expect(page.match(/<script[^>]*>/g)).toEqual([
      '<script type="module" src="privacy/assets/altcha.js">',
      '<script type="module" src="privacy/assets/center.js">',
    ]);
    expect(page).toContain('<altcha-widget name="altcha" challenge="privacy/challenge"');
    expect(page).toContain('<noscript>');
    expect(CENTER_PAGE_CSP).toContain("script-src 'self'");
    expect(CENTER_PAGE_CSP).not.toContain('unsafe');
  });

  it('honours Sec-GPC: 1 by offering the opt-out of sale and sharing first, filled in for California', () => {
    // Act
    const page = renderCenterPage({ gpc: true }, 'en', controller, LANGUAGES);
    const without = renderCenterPage({ gpc: false }, 'en', controller, LANGUAGES);

    // Assess
    expect(page).toContain('Your browser asks us not to sell or share your data');
    expect(page).toMatch(/value="sale-opt-out" required checked/);
    expect(page).toMatch(/value="california" required checked/);
    expect(page.indexOf('gpc-heading')).toBeLessThan(page.indexOf('use-a-right'));
    expect(without).not.toContain('gpc-heading');
    expect(without).not.toContain('checked');
  });

  it('fills in the Shine the Light request from its link: the right and California', () => {
    // Act
    const page = renderCenterPage({ gpc: false, right: 'third-party-disclosure' }, 'en', controller, LANGUAGES);

    // Assess
    expect(page).toMatch(/value="third-party-disclosure" required checked/);
    expect(page).toMatch(/value="california" required checked/);
  });

  it('sends a form back with a message at each field, what was typed escaped, and nothing filed', () => {
    // Act
    const answer = centerFormAgain({ right: 'deletion', email: '<b>not-an-address', region: '' }, ['email', 'region'], place('en'));

    // Assess
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('<title>Error: Your privacy rights');
    expect(answer.body).toContain('Enter an email address in the form name@example.com.');
    expect(answer.body).toContain('Choose where you live.');
    expect(answer.body).toContain('value="&lt;b&gt;not-an-address" aria-describedby="center-email-hint center-email-error" aria-invalid="true"');
    expect(answer.body).toMatch(/value="deletion" required checked/);
    expect(answer.body).not.toContain('<b>not-an-address');
  });

  it.each([
    { verdict: 'missing', status: 400, text: 'was not done' },
    { verdict: 'malformed', status: 400, text: 'did not work' },
    { verdict: 'wrong', status: 403, text: 'did not work' },
    { verdict: 'expired', status: 403, text: 'ran out of time' },
    { verdict: 'too-fast', status: 403, text: 'faster than a person' },
    { verdict: 'replayed', status: 403, text: 'already used' },
  ] as const)('answers a $verdict proof of work with $status and the form again, keeping what was typed', ({ verdict, status, text }) => {
    // Act
    const answer = centerAnswer({ page: 'proof-refused', verdict }, { right: 'access', email: 'a@example.com', region: 'eu' }, place('en'));

    // Assess
    expect(answer.statusCode).toBe(status);
    expect(answer.body).toContain(text);
    expect(answer.body).toContain('value="a@example.com"');
    expect(answer.headers?.['content-security-policy']).toBe(CENTER_PAGE_CSP);
  });

  it('answers a filing "check your email", in the page language, with no word on whether the address is known', () => {
    // Act
    const confirm = centerAnswer({ page: 'filed', atOnce: false }, {}, place('de'));
    const atOnce = renderFiledPage(true, 'en', controller);

    // Assess
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Bitte prüfen Sie Ihre E-Mails');
    expect(confirm.body).toContain('Wenn wir an die angegebene Adresse schreiben können');
    expect(atOnce).toContain('without a confirmation');
  });

  it.each([
    { asked: 'de', browser: 'en', want: 'de' },
    { asked: undefined, browser: 'de', want: 'de' },
    { asked: 'de', browser: 'en', languages: ['en'], want: 'en' },
  ] as const)('takes the language the switch asked for ($asked) over the browser ($browser) when configured', ({ asked, browser, languages, want }) => {
    expect(centerLocale(asked, browser, languages ?? LANGUAGES)).toBe(want);
  });

  it('serves its own script and stylesheet, and the widget files as the project has them', () => {
    // Act
    const script = centerAsset('center.js', () => 'unused');
    const widget = centerAsset('altcha.js', (file) => `// ${file}`);
    const style = centerAsset('center.css', () => 'unused');

    // Assess
    expect(script.body).toContain("$altcha.algorithms.set('SHA-256'");
    expect(script.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect(widget.body).toBe('// altcha.js');
    expect(style.headers?.['content-type']).toBe('text/css; charset=utf-8');
  });
});

describe('filing from the privacy center', () => {
  const request = (level: 'email' | 'none') => ({ id: 'r1', verification: { level } }) as unknown as RequestRecord;
  const deps = (outcome: { request: RequestRecord; duplicateOf?: string }) => {
    const file = vi.fn(async () => outcome);
    const afterFiled = vi.fn(async (r: RequestRecord) => r);
    const proof = {
      key: async () => Buffer.from('a-proof-of-work-key-of-forty-characters!!'),
      used: { claim: async () => true },
      difficulty: 500,
      minSeconds: 0,
      now: () => new Date(),
    };
    return { file, afterFiled, all: { proof, file, afterFiled } satisfies CenterFilingDeps };
  };

  it.each([
    { region: 'eu', law: 'gdpr' },
    { region: 'california', law: 'ccpa' },
    { region: 'elsewhere', law: 'gdpr' },
  ] as const)('handles a person living $region under $law', ({ region, law }) => {
    expect(REGION_LAW[region]).toBe(law);
  });

  it('files nothing when the proof of work is missing', async () => {
    // Prepare
    const { file, afterFiled, all } = deps({ request: request('email') });

    // Act
    const answer = await fileFromCenter({ type: 'deletion', email: 'a@example.com', region: 'eu', proof: undefined, locale: 'en' }, all);

    // Assess
    expect(answer).toEqual({ page: 'proof-refused', verdict: 'missing' });
    expect(file).not.toHaveBeenCalled();
    expect(afterFiled).not.toHaveBeenCalled();
  });

  it('files through the one intake as channel web, in the page language, then mails the link; a repeat mails nothing more', async () => {
    // Prepare
    const fresh = deps({ request: request('email') });
    const repeat = deps({ request: request('email'), duplicateOf: 'r1' });
    const proof = async () => {
      const challenge = await issueChallenge(fresh.all.proof);
      return Buffer.from(JSON.stringify({ challenge, solution: await solveChallenge({ challenge, deriveKey }) })).toString('base64');
    };

    // Act
    const first = await fileFromCenter(
      { type: 'deletion', email: 'a@example.com', region: 'california', proof: await proof(), locale: 'de', details: 'bitte alles' },
      fresh.all,
    );
    const second = await fileFromCenter({ type: 'deletion', email: 'a@example.com', region: 'california', proof: await proof(), locale: 'de' }, repeat.all);

    // Assess
    expect(fresh.file).toHaveBeenCalledWith({
      type: 'deletion',
      jurisdiction: 'ccpa',
      subject: { email: 'a@example.com', locale: 'de' },
      channel: 'web',
      details: 'bitte alles',
    });
    expect(fresh.afterFiled).toHaveBeenCalledTimes(1);
    expect(repeat.afterFiled).not.toHaveBeenCalled();
    expect(first).toEqual(second);
  });
});

describe('a request followed from its link', () => {
  const event = (type: string, at: string): Pick<AuditEvent, 'type' | 'at'> => ({ type, at });

  it('tells the steps in order, the systems as one line with their count, a link sent again once, and nothing internal', () => {
    // Act
    const steps = statusSteps([
      event('request.received', '2026-12-01T10:00:00Z'),
      event('request.awaiting-verification', '2026-12-01T10:00:00Z'),
      event('verification.link-sent', '2026-12-01T10:00:01Z'),
      event('verification.link-sent', '2026-12-01T11:00:00Z'),
      event('verification.email-confirmed', '2026-12-01T12:00:00Z'),
      event('request.verified', '2026-12-01T12:00:00Z'),
      event('fulfilment.requested', '2026-12-01T12:00:00Z'),
      event('fulfilment.started', '2026-12-01T12:00:01Z'),
      event('fulfilment.system-outcome', '2026-12-01T12:00:02Z'),
      event('fulfilment.system-outcome', '2026-12-01T12:00:03Z'),
      event('request.completed', '2026-12-01T12:00:04Z'),
      event('notice.closing-sent', '2026-12-01T12:00:05Z'),
    ]);

    // Assess
    expect(steps).toEqual([
      { step: 'received', at: '2026-12-01T10:00:00Z' },
      { step: 'link-sent', at: '2026-12-01T10:00:01Z' },
      { step: 'email-confirmed', at: '2026-12-01T12:00:00Z' },
      { step: 'verified', at: '2026-12-01T12:00:00Z' },
      { step: 'started', at: '2026-12-01T12:00:01Z' },
      { step: 'system-done', at: '2026-12-01T12:00:03Z', count: 2 },
      { step: 'completed', at: '2026-12-01T12:00:04Z' },
      { step: 'closing-sent', at: '2026-12-01T12:00:05Z' },
    ]);
  });

  it.each([
    ['awaiting-verification', 'waiting'],
    ['verified', 'open'],
    ['in-progress', 'open'],
    ['failed', 'open'],
    ['completed', 'completed'],
    ['partially-completed', 'partially-completed'],
    ['cancelled', 'cancelled'],
    ['denied', 'denied'],
    ['expired', 'expired'],
  ] as const)('shows a request %s as %s', (status, state) => {
    expect(statusState({ status })).toBe(state);
  });

  const page: StatusPage = {
    requestType: 'deletion',
    receivedAt: '2026-12-01T10:00:00Z',
    dueAt: '2027-01-04',
    timeZone: 'Europe/Berlin',
    state: 'open',
    steps: [{ step: 'received', at: '2026-12-01T10:00:00Z' }],
  };
  const actions = statusActions(TOKEN);

  it('shows an open request with its deadline and a cancel button posting to the link; a closed one without either', () => {
    // Act
    const open = renderStatusPage(page, 'en', controller, actions);
    const closed = renderStatusPage({ ...page, state: 'cancelled' }, 'de', controller, actions);

    // Assess
    expect(open).toContain('<dt>Our answer by</dt><dd><time datetime="2027-01-04">');
    expect(open).toContain(`<form method="post" action="${TOKEN}/cancel">`);
    expect(closed).toContain('Storniert');
    expect(closed).not.toContain('<form');
    expect(closed).not.toContain('Antwort bis');
  });

  it('offers the copy with a download button while it lasts, and says why not once it ran out or its downloads were taken', () => {
    // Prepare
    const until = '2026-12-10T09:00:00Z';
    const completed = { ...page, state: 'completed' } as const;
    // Act
    const ready = renderStatusPage({ ...completed, download: { state: 'ready', until, usesLeft: 4 } }, 'en', controller, actions);
    const bereit = renderStatusPage({ ...completed, download: { state: 'ready', until, usesLeft: 1 } }, 'de', controller, actions);
    const expired = renderStatusPage({ ...completed, download: { state: 'expired', until, usesLeft: 5 } }, 'en', controller, actions);
    const usedUp = renderStatusPage({ ...completed, download: { state: 'used-up', until, usesLeft: 0 } }, 'de', controller, actions);
    // Assess
    expect(ready).toContain(`<form method="post" action="${TOKEN}/download">`);
    expect(ready).toContain('Download my copy');
    expect(ready).toContain('4 more times');
    expect(ready).toContain(`<time datetime="${until}">`);
    expect(bereit).toContain('Meine Kopie herunterladen');
    expect(bereit).toContain('noch einmal');
    expect(expired).toContain('no longer available');
    expect(expired).not.toContain('/download"');
    expect(usedUp).toContain('so oft von dieser Seite');
    expect(usedUp).not.toContain('/download"');
  });

  it('says in both languages that a page has closed', () => {
    expect(renderStatusEndedPage('en', controller)).toContain(`stays open for ${STATUS_PAGE_DAYS_AFTER_CLOSE} days after the request ends`);
    expect(renderStatusEndedPage('de', controller)).toContain('<h1>Diese Seite ist nicht mehr verfügbar</h1>');
  });

  const record = {
    id: 'r1',
    type: 'deletion',
    status: 'completed',
    receivedAt: '2026-12-01T10:00:00Z',
    dueAt: '2027-01-04',
    deadlines: { timeZone: 'Europe/Berlin' },
    subject: { email: 'a@example.com', locale: 'en' },
    verification: { tokenHash: hashToken(TOKEN) },
    closedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
    updatedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
  } as unknown as RequestRecord;
  const statusDeps = (current: RequestRecord, tokenHash = hashToken(TOKEN)): CancelDeps => ({
    links: { get: async (hash) => (hash === tokenHash ? { tokenHash, purpose: 'verify', requestId: 'r1', validUntil: '', expiresAt: 0 } : undefined) },
    store: { get: async () => current },
    audit: { chain: async () => [] },
    now: () => new Date(),
    cancel: vi.fn(async () => ({ ...current, status: 'cancelled' }) as RequestRecord),
  });

  it('opens only with the token in force: a malformed, unknown or replaced token shows nothing', async () => {
    // Act
    const outcomes = await Promise.all([
      viewStatus('short', statusDeps(record)),
      viewStatus('x'.repeat(43), statusDeps(record)),
      viewStatus(TOKEN, statusDeps({ ...record, verification: { ...record.verification, tokenHash: 'another' } })),
      viewStatus(TOKEN, statusDeps(record)),
    ]);

    // Assess
    expect(outcomes.map((o) => o.page)).toEqual(['invalid', 'invalid', 'invalid', 'status']);
  });

  it('cancels an open request through the one cancel path, and shows a closed one as it ended without cancelling', async () => {
    // Prepare
    const open = statusDeps({ ...record, status: 'in-progress' });
    const closed = statusDeps(record);

    // Act
    const cancelled = await cancelByLink(TOKEN, open);
    const refused = await cancelByLink(TOKEN, closed);

    // Assess
    expect(open.cancel).toHaveBeenCalledWith('r1');
    expect(cancelled).toMatchObject({ page: 'status', status: { state: 'cancelled', justCancelled: true } });
    expect(closed.cancel).not.toHaveBeenCalled();
    expect(refused).toMatchObject({ page: 'status', status: { state: 'completed', notCancellable: true } });
  });
});

describe("a status page's lifetime", () => {
  const DAY = 24 * 3600 * 1000;
  const now = new Date('2027-02-01T12:00:00Z');

  it.each([
    { status: 'in-progress', closedAt: undefined, alive: true },
    { status: 'awaiting-verification', closedAt: undefined, alive: true },
    { status: 'completed', closedAt: new Date(now.getTime() - (STATUS_PAGE_DAYS_AFTER_CLOSE - 1) * DAY).toISOString(), alive: true },
    { status: 'denied', closedAt: new Date(now.getTime() - STATUS_PAGE_DAYS_AFTER_CLOSE * DAY).toISOString(), alive: false },
    { status: 'cancelled', closedAt: new Date(now.getTime() - 90 * DAY).toISOString(), alive: false },
  ] as const)('opens a $status request closed at $closedAt: $alive', ({ status, closedAt, alive }) => {
    expect(statusLinkAlive({ status, updatedAt: '2027-01-01T00:00:00Z', ...(closedAt ? { closedAt } : {}) }, now)).toBe(alive);
  });

  it('keeps the link as long as the latest deadline the law allows, plus the days after closing', () => {
    // Act
    const extendable = statusLinkKeptUntil({ dueAt: '2027-01-04', deadlines: { extendedDueAt: '2027-03-04' } as RequestRecord['deadlines'] });
    const fixed = statusLinkKeptUntil({ dueAt: '2027-01-04', deadlines: {} as RequestRecord['deadlines'] });
    // Assess
    expect(extendable).toBe(new Date(Date.parse('2027-03-04T00:00:00Z') + (STATUS_PAGE_DAYS_AFTER_CLOSE + 1) * DAY).toISOString());
    expect(fixed).toBe(new Date(Date.parse('2027-01-04T00:00:00Z') + (STATUS_PAGE_DAYS_AFTER_CLOSE + 1) * DAY).toISOString());
  });
});

describe("the status page's download", () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const actions = () => statusActions(TOKEN);
  const page409: StatusPage = {
    requestType: 'access',
    receivedAt: '2026-12-01T10:00:00Z',
    dueAt: '2027-01-04',
    timeZone: 'Europe/Berlin',
    state: 'completed',
    steps: [],
  };
  const fulfilment = {
    outcomes: [],
    finishedAt: '2026-12-03T10:00:00Z',
    exportKey: 'exports/r1/bundle.zip',
    noticeSentAt: '2026-12-03T10:00:01Z',
    exportValidUntil: '2026-12-10T10:00:00Z',
  };
  const record = {
    id: 'r1',
    version: 7,
    type: 'access',
    status: 'completed',
    receivedAt: '2026-12-01T10:00:00Z',
    dueAt: '2027-01-04',
    deadlines: { timeZone: 'Europe/Berlin' },
    subject: { email: 'a@example.com', locale: 'de' },
    verification: { tokenHash: hashToken(TOKEN) },
    closedAt: '2026-12-03T10:00:00Z',
    updatedAt: '2026-12-03T10:00:01Z',
    fulfilment,
  } as unknown as RequestRecord;

  const deps = (current: RequestRecord, options: { exists?: boolean; conflicts?: number } = {}) => {
    let conflicts = options.conflicts ?? 0;
    const recorded: { events: unknown[]; changes: unknown }[] = [];
    const d: StatusDownloadDeps = {
      links: {
        get: async (hash) => (hash === hashToken(TOKEN) ? { tokenHash: hash, purpose: 'verify', requestId: 'r1', validUntil: '', expiresAt: 0 } : undefined),
      },
      store: {
        get: async () => current,
        record: vi.fn(async (request: RequestRecord, events, changes) => {
          if (conflicts-- > 0) throw new ConflictError('changed');
          recorded.push({ events: [...events], changes });
          return { ...request, ...changes };
        }),
      },
      audit: { chain: async () => [] },
      now: () => now,
      files: {
        exists: vi.fn(async () => options.exists ?? true),
        downloadUrl: vi.fn(async (key: string) => `https://s3.example/${key}?X-Amz-Signature=abc`),
        origin: async () => 'https://s3.example',
      },
    };
    return { deps: d, recorded };
  };

  it.each([
    { name: 'no export', fulfilment: { ...fulfilment, exportKey: undefined }, expected: undefined },
    { name: 'the answer not mailed yet', fulfilment: { ...fulfilment, noticeSentAt: undefined }, expected: undefined },
    { name: 'a ready export', fulfilment, expected: { state: 'ready', until: '2026-12-10T10:00:00Z', usesLeft: 5 } },
    { name: 'two downloads taken', fulfilment: { ...fulfilment, statusDownloads: 2 }, expected: { state: 'ready', usesLeft: 3 } },
    { name: 'every download taken', fulfilment: { ...fulfilment, statusDownloads: 5 }, expected: { state: 'used-up', usesLeft: 0 } },
    { name: 'an export past its end', fulfilment: { ...fulfilment, exportValidUntil: '2026-12-05T11:59:59Z' }, expected: { state: 'expired' } },
    {
      name: 'an answer from before the end was kept (7 days from the mail)',
      fulfilment: { ...fulfilment, exportValidUntil: undefined },
      expected: { state: 'ready', until: '2026-12-10T10:00:01.000Z' },
    },
  ])('offers $name as $expected', ({ fulfilment: f, expected }) => {
    const download = statusDownload({ fulfilment: f as RequestRecord['fulfilment'] }, now);
    if (expected === undefined) expect(download).toBeUndefined();
    else expect(download).toMatchObject(expected);
  });

  it('counts the download on the request and in its chain, then gives a short-lived URL as a 303 nobody caches', async () => {
    // Prepare
    const { deps: d, recorded } = deps(record);
    // Act
    const outcome = await downloadByLink(TOKEN, d);
    const answer = downloadAnswer(outcome, { locale: 'en', controller }, actions(), () => ({ statusCode: 404, body: '' }));
    // Assess
    expect(outcome).toEqual({ page: 'download', url: 'https://s3.example/exports/r1/bundle.zip?X-Amz-Signature=abc' });
    expect(recorded).toEqual([
      {
        events: [{ type: 'export.downloaded', at: now.toISOString(), actor: { kind: 'subject' }, data: { via: 'status-page', use: 1 } }],
        changes: { fulfilment: { ...fulfilment, statusDownloads: 1 } },
      },
    ]);
    expect(answer.statusCode).toBe(303);
    expect(answer.headers).toMatchObject({
      location: 'https://s3.example/exports/r1/bundle.zip?X-Amz-Signature=abc',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
  });

  it("lets the page's download form lead to the bucket's origin, and only while the copy can be downloaded", async () => {
    // Prepare
    const ready = await downloadByLink(TOKEN, deps({ ...record, fulfilment: { ...fulfilment, exportKey: undefined } } as RequestRecord).deps);
    const place = { locale: 'en' as const, controller };
    const view = (download?: StatusPage['download']) =>
      statusAnswer(
        { page: 'status', request: record, status: { ...page409, ...(download ? { download } : {}) } },
        place,
        actions(),
        () => ({ statusCode: 404, body: '' }),
        'https://s3.example',
      );
    // Act
    const offering = view({ state: 'ready', until: '2026-12-10T10:00:00Z', usesLeft: 5 });
    const expired = view({ state: 'expired', until: '2026-12-04T10:00:00Z', usesLeft: 5 });
    // Assess
    expect(ready.page).toBe('status');
    expect(offering.headers?.['content-security-policy']).toContain("form-action 'self' https://s3.example");
    expect(expired.headers?.['content-security-policy']).toContain("form-action 'self';");
  });

  it('reads the request again when another press was counted first', async () => {
    // Prepare
    const { deps: d, recorded } = deps(record, { conflicts: 1 });
    // Act
    const outcome = await downloadByLink(TOKEN, d);
    // Assess
    expect(outcome.page).toBe('download');
    expect(d.store.record).toHaveBeenCalledTimes(2);
    expect(recorded).toHaveLength(1);
  });

  it.each([
    { name: 'a forged token', token: 'x'.repeat(43), request: record, exists: true, page: 'invalid', status: 404 },
    { name: 'a malformed token', token: 'short', request: record, exists: true, page: 'invalid', status: 404 },
    {
      name: 'a page closed after its days',
      token: TOKEN,
      request: { ...record, closedAt: '2026-10-01T00:00:00Z' },
      exists: true,
      page: 'ended',
      status: 410,
    },
    {
      name: 'a request with no copy',
      token: TOKEN,
      request: { ...record, fulfilment: { ...fulfilment, exportKey: undefined } },
      exists: true,
      page: 'status',
      status: 409,
    },
    { name: 'an open request', token: TOKEN, request: { ...record, status: 'in-progress', fulfilment: undefined }, exists: true, page: 'status', status: 409 },
    {
      name: 'an export past its end',
      token: TOKEN,
      request: { ...record, fulfilment: { ...fulfilment, exportValidUntil: '2026-12-04T00:00:00Z' } },
      exists: true,
      page: 'refused',
      status: 410,
    },
    { name: 'a deleted bundle', token: TOKEN, request: record, exists: false, page: 'refused', status: 410 },
    {
      name: 'downloads all taken',
      token: TOKEN,
      request: { ...record, fulfilment: { ...fulfilment, statusDownloads: 5 } },
      exists: true,
      page: 'refused',
      status: 410,
    },
  ])('gives no download for $name, and records nothing', async ({ token, request, exists, page: expected, status }) => {
    // Prepare
    const { deps: d } = deps(request as RequestRecord, { exists });
    // Act
    const outcome = await downloadByLink(token, d);
    const answer = downloadAnswer(outcome, { locale: 'en', controller }, actions(), (code) => ({ statusCode: code, body: '' }));
    // Assess
    expect(outcome.page).toBe(expected);
    expect(answer.statusCode).toBe(status);
    expect(d.store.record).not.toHaveBeenCalled();
    expect(d.files.downloadUrl).not.toHaveBeenCalled();
  });
});

describe('the way from the confirmation pages to the status page', () => {
  const request = {
    type: 'access',
    dueAt: '2027-01-04',
    subject: { email: 'a@example.com', locale: 'en', localeSource: 'request' },
    deadlines: { timeZone: 'Europe/Berlin' },
  } as unknown as RequestRecord;

  it.each([
    { at: 'link', page: 'confirmed', href: `../../privacy/requests/${TOKEN}` },
    { at: 'identity', page: 'verified', href: `../../../privacy/requests/${TOKEN}` },
  ] as const)('links the $page page at the $at URL to the status page, relative to it', async ({ at, page, href }) => {
    // Prepare
    const { outcomePage } = await import('../../shared/verification/outcome-page.js');

    // Act
    const answer = outcomePage({ page, request }, { locale: 'en', at, controller }, TOKEN);

    // Assess
    expect(answer.body).toContain(`<a href="${href}">Follow your request`);
  });

  it.each([
    { note: 'the day it closed', now: '2026-12-10T12:00:00.000Z', linked: true },
    { note: '29 days after', now: '2027-01-08T11:59:00.000Z', linked: true },
    { note: '30 days after, when the status page has closed too', now: '2027-01-09T12:00:00.000Z', linked: false },
  ])("links a closed request's page to its status page until that closes: $note", async ({ now, linked }) => {
    // Prepare
    const { outcomePage } = await import('../../shared/verification/outcome-page.js');
    const closed = { ...request, status: 'completed', closedAt: '2026-12-10T10:00:00.000Z', updatedAt: '2026-12-10T10:00:00.000Z' } as RequestRecord;

    // Act
    const answer = outcomePage({ page: 'closed', request: closed }, { locale: 'en', at: 'link', controller, now: new Date(now) }, TOKEN);

    // Assess
    expect(answer.body).toContain('How it ended');
    expect(answer.body.includes(`<a href="../../privacy/requests/${TOKEN}">See what was done, step by step`)).toBe(linked);
  });
});
