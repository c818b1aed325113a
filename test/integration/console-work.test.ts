// The console's inbox, systems, policies and Shine the Light pages through the local runtime: the
// triage actions file and close mails as the signed-in operator, and every route refuses a system's
// key, a session that expired, a viewer acting, a form without its token, and input it does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { csrfToken, SESSION_COOKIE, type ConsoleGroup } from '../../shared/console/session.js';
import { sendSmtp } from '../support/smtp-client.js';

const API_KEY = 'console-work-integration-key';

const mail = (from: string, subject: string, messageId: string, body: string) =>
  [
    `From: ${from}`,
    'To: privacy@example.com',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');

interface InboxItem {
  id: string;
  receivedAt: string;
  from?: string;
  state: string;
  closed?: { as: string; by?: string; reason?: string };
}

describe('the console pages of the operator work on the local runtime', () => {
  let runtime: LocalRuntime;
  const sessions: Partial<Record<ConsoleGroup, string>> = {};

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });

  /** A console call as the demo person of `group`: their session cookie, HTML asked for unless said otherwise. */
  const asPerson = (group: ConsoleGroup, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { accept: 'text/html', cookie: `${SESSION_COOKIE}=${sessions[group]}`, ...init.headers },
    });

  /** A posted console form as `group`, with the session's own form token unless `csrf` says otherwise. */
  const post = (group: ConsoleGroup, path: string, fields: Record<string, string>, csrf: string | null = csrfToken(sessions[group]!)) =>
    asPerson(group, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, ...(csrf === null ? {} : { csrf }) }).toString(),
    });

  /** Sends a mail intake cannot decide, and returns its triage item. */
  async function vagueMail(local: string): Promise<InboxItem> {
    const address = `${local}@example.com`;
    await sendSmtp(
      runtime.inboundMail.port,
      address,
      'privacy@example.com',
      mail(address, 'My data', `${local}@x`, 'I am worried about what you do with my information.'),
    );
    const inbox = (await (await api('/v1/inbox')).json()) as { items: InboxItem[] };
    const item = inbox.items.find((i) => i.from === `${local[0]}•••@example.com`);
    if (!item) throw new Error('The mail did not reach the triage inbox');
    return item;
  }

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0, accessLog: () => undefined });
    for (const group of ['privacy-viewer', 'privacy-operator'] as const) sessions[group] = await runtime.console.identity.idToken(group);
  }, 120_000);

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('shows the waiting mail with its sender masked, and files it as a request received when the mail was, by the operator', async () => {
    // Prepare
    const item = await vagueMail('casey.triage');

    // Act
    const page = await asPerson('privacy-operator', '/console/inbox');
    const body = await page.text();
    const filed = await post('privacy-operator', `/console/inbox/${item.id}/classify`, { type: 'access', jurisdiction: 'ccpa' });
    const location = filed.headers.get('location') ?? '';
    const requestId = new URL(location, runtime.apiUrl).searchParams.get('filed') ?? '';
    const request = (await (await api(`/v1/requests/${requestId}`)).json()) as { receivedAt: string; type: string; jurisdiction: string };
    const audit = (await (await api(`/v1/requests/${requestId}/audit`)).json()) as { events: Array<{ type: string; actor: { kind: string; id?: string } }> };
    const after = (await (await api('/v1/inbox')).json()) as { items: InboxItem[] };
    const landed = await asPerson('privacy-operator', location);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(body).toContain('c•••@example.com');
    expect(body).not.toContain('casey.triage@example.com');
    expect(body).toContain(`action="/console/inbox/${item.id}/classify"`);
    expect(filed.status).toBe(303);
    expect(location).toMatch(/^\/console\/inbox\?filed=[0-9A-Z]{26}$/);
    expect(request).toMatchObject({ receivedAt: item.receivedAt, type: 'access', jurisdiction: 'ccpa' });
    expect(audit.events[0]).toMatchObject({ type: 'request.received', actor: { kind: 'operator', id: expect.stringMatching(/^console:[0-9a-f-]{36}$/) } });
    expect(after.items.map((i) => i.id)).not.toContain(item.id);
    expect(await landed.text()).toContain(`Filed as request <a class="mono" href="/console/requests/${requestId}">`);
  }, 60_000);

  it('closes a mail as not a request, and refuses a second action on it with 409: a page to a browser, problem+json to a script', async () => {
    // Prepare
    const item = await vagueMail('dana.triage');

    // Act
    const closed = await post('privacy-operator', `/console/inbox/${item.id}/dismiss`, { reason: 'not-a-request' });
    const again = await post('privacy-operator', `/console/inbox/${item.id}/classify`, { type: 'deletion', jurisdiction: 'gdpr' });
    const scripted = await asPerson('privacy-operator', `/console/inbox/${item.id}/dismiss`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reason: 'spam', csrf: csrfToken(sessions['privacy-operator']!) }).toString(),
    });

    // Assess
    expect(closed.status).toBe(303);
    expect(closed.headers.get('location')).toBe('/console/inbox?dismissed=true');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await again.text()).toContain('is not open in the triage inbox (it was dismissed)');
    expect(scripted.status).toBe(409);
    expect(scripted.headers.get('content-type')).toBe('application/problem+json');
  }, 60_000);

  it('answers a form without what its action needs, a bad or unknown mail id, and an unknown action with 400 or 404, filing nothing', async () => {
    // Prepare
    const item = await vagueMail('eli.triage');

    // Act
    const noLaw = await post('privacy-operator', `/console/inbox/${item.id}/classify`, { type: 'access' });
    const noReason = await post('privacy-operator', `/console/inbox/${item.id}/dismiss`, {});
    const badType = await post('privacy-operator', `/console/inbox/${item.id}/classify`, { type: 'everything', jurisdiction: 'gdpr' });
    const badId = await post('privacy-operator', '/console/inbox/not-a-mail/dismiss', { reason: 'spam' });
    const unknown = await post('privacy-operator', '/console/inbox/01ARZ3NDEKTSV4RRFFQ69G5FAV/dismiss', { reason: 'spam' });
    const badAction = await post('privacy-operator', `/console/inbox/${item.id}/forward`, { reason: 'spam' });
    const inbox = (await (await api('/v1/inbox')).json()) as { items: InboxItem[] };

    // Assess
    expect(noLaw.status).toBe(400);
    expect(await noLaw.text()).toContain('Choose the law the request falls under.');
    expect(noReason.status).toBe(400);
    expect(badType.status).toBe(400);
    expect(badId.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(badAction.status).toBe(400);
    expect(inbox.items.map((i) => i.id)).toContain(item.id);
  }, 60_000);

  it("refuses a viewer's forged triage, a post without the form token, a system's key and an expired session, with problem+json", async () => {
    // Prepare
    const item = await vagueMail('fran.triage');
    const expired = await runtime.console.identity.idToken('privacy-operator', { now: new Date(Date.now() - 2 * 3600_000) });

    // Act
    const viewer = await post('privacy-viewer', `/console/inbox/${item.id}/dismiss`, { reason: 'spam' });
    const noToken = await post('privacy-operator', `/console/inbox/${item.id}/dismiss`, { reason: 'spam' }, null);
    const systemKey = await api('/console/inbox', { headers: { accept: 'application/json' } });
    const systemPost = await api(`/console/inbox/${item.id}/dismiss`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=spam',
    });
    const late = await Promise.all(
      ['/console/inbox', '/console/systems', '/console/policies', '/console/disclosures', '/console/policies/progress.js'].map((path) =>
        fetch(`${runtime.apiUrl}${path}`, { headers: { accept: 'application/json', cookie: `${SESSION_COOKIE}=${expired}` } }),
      ),
    );
    const inbox = (await (await api('/v1/inbox')).json()) as { items: InboxItem[] };

    // Assess
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get('content-type')).toBe('application/problem+json');
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get('content-type')).toBe('application/problem+json');
    expect(systemKey.status).toBe(401);
    expect(systemKey.headers.get('content-type')).toBe('application/problem+json');
    expect(systemPost.status).toBe(401);
    expect(late.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(late.map((answer) => answer.headers.get('content-type'))).toEqual(Array(5).fill('application/problem+json'));
    expect(inbox.items.map((i) => i.id)).toContain(item.id);
  }, 60_000);

  it('lets a viewer read the inbox without its forms', async () => {
    // Prepare
    const item = await vagueMail('gale.triage');

    // Act
    const page = await asPerson('privacy-viewer', '/console/inbox');
    const body = await page.text();

    // Assess
    expect(page.status).toBe(200);
    expect(body).toContain(`id="mail-${item.id}"`);
    expect(body).not.toContain(`action="/console/inbox/${item.id}/classify"`);
    expect(body).toContain('A viewer reads only');
  }, 60_000);

  it("shows the demo systems with their connector and a queue link, and a campaign's progress as JSON once a material version is published", async () => {
    // Prepare
    const published = await api('/v1/policies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 'console-work-1',
        url: 'https://example.com/privacy/console-work-1',
        effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
        material: true,
        summary: { de: 'Neue Empfänger.', en: 'New recipients.' },
      }),
    });
    expect(published.status).toBe(201);

    // Act
    const systems = await (await asPerson('privacy-viewer', '/console/systems')).text();
    await expect
      .poll(
        async () =>
          (
            (await (await asPerson('privacy-viewer', '/console/policies/console-work-1/campaign', { headers: { accept: 'application/json' } })).json()) as {
              finished: boolean;
            }
          ).finished,
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    const bar = (await (await asPerson('privacy-viewer', '/console/policies/console-work-1/campaign', { headers: { accept: 'application/json' } })).json()) as {
      status: { sent: number; total: number; state: string };
      reached: number;
      summary: string;
    };
    const fromApi = (await (await api('/v1/policies/console-work-1/campaign')).json()) as { sent: number; total: number };
    const policies = await (await asPerson('privacy-viewer', '/console/policies')).text();
    const unknown = await asPerson('privacy-viewer', '/console/policies/no-such-version/campaign', { headers: { accept: 'application/json' } });
    const badLabel = await asPerson('privacy-viewer', '/console/policies/%7Bbad%7D/campaign', { headers: { accept: 'application/json' } });

    // Assess
    expect(systems).toContain('<a href="/console/requests?system=crm-profiles">');
    expect(systems).toMatch(/crm-profiles<\/span><\/th><td>dynamodb<\/td><td>export, delete<\/td>/);
    expect(bar.status).toMatchObject({ state: 'completed', sent: fromApi.sent, total: fromApi.total });
    expect(bar.reached).toBe(fromApi.total);
    expect(bar.summary).toBe(`${fromApi.sent} sent, 0 suppressed, 0 failed of ${fromApi.total}, everyone it had to reach; completed.`);
    expect(policies).toContain('Notice campaign of version console-work-1');
    expect(policies).toContain('<script src="/console/policies/progress.js" defer></script>');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(badLabel.status).toBe(400);
  }, 60_000);

  it("shows a year's Shine the Light register as the answer states each recipient, and refuses a year it is not kept for", async () => {
    // Prepare
    const recorded = await api('/v1/disclosures/2025/adco', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'AdCo Marketing LLC', address: '1 Market St, San Francisco, CA 94105', categories: ['contact data', 'purchase history'] }),
    });
    expect(recorded.status).toBe(200);

    // Act
    const page = await (await asPerson('privacy-viewer', '/console/disclosures?year=2025')).text();
    const before = await asPerson('privacy-viewer', '/console/disclosures?year=1999');
    const later = await asPerson('privacy-viewer', `/console/disclosures?year=${new Date().getUTCFullYear() + 1}`);
    const notYear = await asPerson('privacy-viewer', '/console/disclosures?year=last', { headers: { accept: 'application/json' } });

    // Assess
    expect(page).toContain('<td>AdCo Marketing LLC, 1 Market St, San Francisco, CA 94105 (contact data, purchase history)</td>');
    expect(page).toContain('what a request received in 2026 is answered with');
    expect(before.status).toBe(400);
    expect(await before.text()).toContain('The register is kept for the years 2005 to');
    expect(later.status).toBe(400);
    expect(notYear.status).toBe(400);
    expect(notYear.headers.get('content-type')).toBe('application/problem+json');
  }, 60_000);
});
