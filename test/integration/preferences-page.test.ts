// The "manage my email preferences" page as a person meets it on the local runtime: a marketing mail
// sent through the API, its link opened from the mailbox, a purpose withdrawn, the register and the
// filed request read back; the unsubscribe page's link to it; and every bad input the page can get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { OWN_COPIES_SYSTEM_ID } from '../../shared/fulfilment/own-copies.js';
import { issuePreferencesLink } from '../../shared/preferences/preference-links.js';
import { subjectHash } from '../../shared/subject.js';
import { preferenceLinkKey, subjectHashKey } from '../../shared/secrets.js';
import { preferenceLinks } from '../../functions/wiring/marketing.js';
import { mailsTo } from '../support/mailbox.js';

const API_KEY = 'preferences-page-integration-key';

const jonas = demoAccounts.find((a) => a.accountId === 'acc-1002')!;
const james = demoAccounts.find((a) => a.accountId === 'acc-2002')!;

/** Everything personal or secret the suite handles: none of it may reach a log. */
const secrets = new Set<string>([jonas.email, james.email]);

interface ConsentOverview {
  purposes: Record<string, { state: string; since: string }>;
  history: { purpose: string; action: string; source: string; evidence?: string }[];
}

describe('the preferences page on the local runtime', () => {
  let runtime: LocalRuntime;
  const output: string[] = [];
  const accessLog: string[] = [];
  const restores: (() => void)[] = [];

  const api = (path: string, body: unknown) =>
    fetch(`${runtime.apiUrl}${path}`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const consentsOf = async (email: string) => (await (await api('/v1/consents/query', { email })).json()) as ConsentOverview;
  const post = (url: string, fields: Record<string, string> | string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
    });
  const formTokenOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  /** Sends a marketing mail through the API and reads its two links from the mailbox. */
  const mailLinks = async (to: string, locale: 'de' | 'en') => {
    const sent = await api('/v1/marketing-emails', { to, locale, subject: 'News', text: 'Our news.' });
    expect(sent.status).toBe(202);
    const text = (await mailsTo(runtime, to)).at(-1)?.body.text ?? '';
    const preferences = /(http:\/\/localhost:\d+\/v1\/preferences\/([A-Za-z0-9_-]{43}))/.exec(text);
    const unsubscribe = /(http:\/\/localhost:\d+\/v1\/unsubscribe\/([A-Za-z0-9_-]{43}))/.exec(text);
    if (!preferences || !unsubscribe) throw new Error('No preferences or unsubscribe link in the mail');
    secrets.add(preferences[2]!).add(unsubscribe[2]!);
    return { preferences: preferences[1]!, unsubscribe: unsubscribe[1]! };
  };

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return original(chunk as never, ...(rest as []));
      }) as typeof stream.write;
      restores.push(() => {
        stream.write = original;
      });
    }
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, accessLog: (line) => accessLog.push(line) });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  it('withdraws marketing from the link in a marketing mail: the register says so with source web, and the request that carries it out is filed and done', async () => {
    // Prepare
    expect((await api('/v1/consents', { subject: { email: jonas.email }, purpose: 'marketing', action: 'grant', source: 'newsletter-signup' })).status).toBe(
      201,
    );
    const { preferences } = await mailLinks(jonas.email, 'de');

    // Act
    const opened = await fetch(preferences);
    const page = await opened.text();
    const saved = await post(preferences, { csrf: formTokenOf(page), 'consent.marketing': 'no' });
    const confirmation = await saved.text();
    await runtime.workflows.idle();

    // Assess
    expect(opened.status).toBe(200);
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<legend>Direktwerbung</legend>');
    expect(page).toContain('Derzeit: Sie haben eingewilligt');
    expect(page).toContain('<legend>Reichweitenmessung und Analyse</legend>');
    expect(page).toContain('j•••@example.org');
    expect(page).not.toContain(jonas.email);
    expect(saved.status).toBe(200);
    expect(confirmation).toContain('<h1>Ihre Auswahl ist gespeichert</h1>');
    expect(confirmation).toContain('<li><strong>Direktwerbung</strong>: Einwilligung widerrufen</li>');
    const consents = await consentsOf(jonas.email);
    expect(consents.purposes.marketing?.state).toBe('withdrawn');
    const fromPage = consents.history.filter((event) => event.source === 'web');
    expect(fromPage).toMatchObject([{ purpose: 'marketing', action: 'withdraw', evidence: expect.stringMatching(/^preferences-link:[0-9a-f]{16}$/) }]);
    const listed = (await (await fetch(`${runtime.apiUrl}/v1/requests?type=consent-withdrawal`, { headers: { 'x-api-key': API_KEY } })).json()) as {
      items: { id: string; channel: string; status: string; subject: { email: string }; scope?: { purposes?: string[] } }[];
    };
    const filed = listed.items.filter((r) => r.subject.email === 'j•••@example.org');
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ channel: 'consent-register', status: 'completed', scope: { purposes: ['marketing'] } });
    // The carried-out request writes its own entry beside the page's, as every request that changes a choice does.
    expect(consents.history.filter((event) => event.source === `request:${filed[0]!.id}`)).toMatchObject([{ purpose: 'marketing', action: 'withdraw' }]);
    const again = await api('/v1/marketing-emails', { to: jonas.email, locale: 'de', subject: 'News', text: 'More news.' });
    expect(await again.json()).toStrictEqual({ sent: false, reason: 'suppressed' });
  });

  it('links the unsubscribe page to the same preferences page, and speaks English to an English mail and on the switch', async () => {
    // Prepare
    const { preferences, unsubscribe } = await mailLinks(james.email, 'en');

    // Act
    const unsubscribePage = await (await fetch(unsubscribe)).text();
    const relative = /<a href="(\.\.\/preferences\/[A-Za-z0-9_-]{43})">/.exec(unsubscribePage)?.[1];
    const followed = await fetch(new URL(relative ?? 'missing', unsubscribe));
    const english = await followed.text();
    const german = await (await fetch(`${preferences}?lang=de`)).text();

    // Assess
    expect(new URL(relative!, unsubscribe).href).toBe(preferences);
    expect(followed.status).toBe(200);
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<legend>direct marketing</legend>');
    expect(english).toContain('Now: Nothing recorded yet');
    // Marketing is not granted from a link: only the no is offered, with where to sign up again.
    expect(english).not.toContain('name="consent.marketing" value="yes"');
    expect(english).toContain('please sign up where you first did');
    expect(english).toContain('<a href="?lang=de" hreflang="de" lang="de">Deutsch</a>');
    expect(german).toContain('<html lang="de">');
  });

  it('refuses a forged, malformed or expired link with one page that names nobody, on GET and POST', async () => {
    // Prepare
    const key = await preferenceLinkKey();
    const expired = await issuePreferencesLink(
      james.email,
      {
        token: 'e'.repeat(43),
        subjectHash: subjectHash(await subjectHashKey(), james.email),
        locale: 'en',
        issuedAt: '2025-01-01T00:00:00.000Z',
        validUntil: '2025-06-01T00:00:00.000Z',
      },
      { links: preferenceLinks(), linkKey: async () => key, publicBaseUrl: runtime.apiUrl },
    );
    secrets.add(expired.slice(-43));
    const urls = [`${runtime.apiUrl}/v1/preferences/${'A'.repeat(43)}`, `${runtime.apiUrl}/v1/preferences/not-a-token`, expired];

    // Act
    const answers = await Promise.all(urls.flatMap((url) => [fetch(url), post(url, { csrf: 'x', 'consent.marketing': 'no' })]));
    const bodies = await Promise.all(answers.map((a) => a.text()));

    // Assess
    expect(answers.map((a) => a.status)).toStrictEqual([404, 404, 404, 404, 404, 404]);
    for (const body of bodies) {
      expect(body).toContain('This link does not open your email preferences');
      expect(body).not.toContain('•••');
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it('records nothing for a form without the form token, with a wrong one, a purpose not on the page, an answer not offered or a malformed body', async () => {
    // Prepare
    const { preferences } = await mailLinks(james.email, 'en');
    const csrf = formTokenOf(await (await fetch(preferences)).text());
    const before = await consentsOf(james.email);

    // Act
    const answers = await Promise.all([
      post(preferences, { 'consent.analytics': 'yes' }),
      post(preferences, { csrf: `${csrf.slice(0, -2)}xx`, 'consent.analytics': 'yes' }),
      post(preferences, { csrf, 'consent.location-tracking': 'no' }),
      post(preferences, { csrf, 'consent.marketing': 'yes' }),
      post(preferences, { csrf, 'consent.analytics': 'maybe' }),
      post(preferences, `csrf=${encodeURIComponent(csrf)}&consent.analytics=yes&consent.analytics=no`),
      post(preferences, { csrf, analytics: 'yes' }),
    ]);
    const bodies = await Promise.all(answers.map((a) => a.text()));

    // Assess
    expect(answers.map((a) => a.status)).toStrictEqual([403, 403, 400, 400, 400, 400, 400]);
    expect(bodies[0]).toContain('this form was not sent from this page');
    expect(bodies[2]).toContain('a use of your data that is not on this page');
    expect(bodies[3]).toContain('one answer cannot be given on this page');
    expect(bodies[4]).toContain('the form was not filled in as asked');
    for (const body of bodies) expect(body).toContain('<form method="post">');
    expect(await consentsOf(james.email)).toStrictEqual(before);
  });

  it('shows nothing of a person erased since the mail, and records nothing for them', async () => {
    // Prepare
    const email = 'erased-reader@example.net';
    secrets.add(email);
    expect((await api('/v1/consents', { subject: { email }, purpose: 'analytics', action: 'grant', source: 'web-banner' })).status).toBe(201);
    const { preferences } = await mailLinks(email, 'en');
    const csrf = formTokenOf(await (await fetch(preferences)).text());
    // What the erasure's closing step leaves: its ledger entry under privacy-ops' own copies (shared/fulfilment/own-copies.ts).
    await new DeletionLedger().record({
      systemId: OWN_COPIES_SYSTEM_ID,
      requestId: '01ERASUREOFTHEREADER0000000',
      erasedAt: new Date().toISOString(),
      keyKind: 'email',
      identifier: email,
      erasure: 'delete',
    });

    // Act
    const shown = await fetch(preferences);
    const posted = await post(preferences, { csrf, 'consent.analytics': 'no' });

    // Assess
    expect(shown.status).toBe(404);
    expect(posted.status).toBe(404);
    expect(await shown.text()).not.toContain('•••');
    expect((await consentsOf(email)).history).toHaveLength(1);
  });

  it('never wrote an address or a token to a log', () => {
    // Prepare
    const logs = [...output, ...accessLog].join('\n');

    // Act
    const found = [...secrets].filter((secret) => logs.includes(secret));

    // Assess
    expect(logs).toContain('Preferences changed through the page');
    expect(found).toEqual([]);
  });
});
