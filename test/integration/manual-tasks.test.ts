// Manual systems end to end: the task a request opens is shown, listed and mailed to the system's
// contact, an operator completes it through the API, and a cancelled request keeps what ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { runOps } from '../../bin/ops-cli.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'manual-tasks-integration-key';
const CONTACT = 'portal-desk@example.com';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface Task {
  taskId: string;
  requestId: string;
  systemId: string;
  action: string;
  connector: string;
  state: string;
  dueAt: string;
  askedAt?: string;
  contactNotifiedAt?: string;
  outcome?: string;
  records?: number;
  links: { report: string; request: string };
}

interface RequestView {
  id: string;
  status: string;
  fulfilment?: { finishedAt?: string; outcomes: { systemId: string; outcome: string; records: number }[]; tasks?: Task[] };
}

interface Problem {
  status: number;
  detail: string;
  errors?: { path: string }[];
}

const partnerPortal = (extra: Record<string, unknown> = {}) => ({
  name: 'Partner portal',
  owner: 'Partnerships',
  categories: ['contact data'],
  connector: { kind: 'manual', instructions: 'Look the account up in the portal admin and export or delete it.' },
  actions: ['export', 'delete'],
  purposes: ['partner-programme'],
  retention: [],
  contact: { email: CONTACT, locale: 'en' },
  ...extra,
});

describe('manual systems through the local runtime', () => {
  let runtime: LocalRuntime;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const openTasks = async (systemId: string) => ((await (await api(`/v1/tasks?state=open&systemId=${systemId}`)).json()) as { items: Task[] }).items;
  /** Files a request for a demo customer and verifies it as they would, from the mailbox. */
  const fileAndVerify = async (accountId: string, body: Record<string, unknown>) => {
    const who = account(accountId);
    const filed = await api('/v1/requests', {
      method: 'POST',
      body: JSON.stringify({ jurisdiction: who.jurisdiction, subject: { email: who.email }, ...body }),
    });
    expect(filed.status).toBe(202);
    const { id } = (await filed.json()) as RequestView;
    const link = await newestLink(runtime, who.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    expect((await fetch(`${link}/identity`, formPost(knowledgeAnswers(who)))).status).toBe(200);
    return id;
  };
  /** The request's open task in the partner portal, once its contact has been told. */
  const portalTask = async (requestId: string) => {
    await expect
      .poll(async () => (await openTasks('partner-portal')).find((t) => t.requestId === requestId)?.contactNotifiedAt, { timeout: 10_000 })
      .toBeDefined();
    return (await openTasks('partner-portal')).find((t) => t.requestId === requestId)!;
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    const registered = await api('/v1/systems/partner-portal', { method: 'PUT', body: JSON.stringify(partnerPortal()) });
    expect(registered.status).toBe(201);
  });

  afterAll(async () => {
    // Tasks left open wait 14 days for a report: their requests are cancelled, which stops their runs.
    if (runtime) for (const task of await openTasks('partner-portal')) await api(`/v1/requests/${task.requestId}/cancel`, { method: 'POST' });
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('shows the registration with its contact', async () => {
    // Act
    const system = (await (await api('/v1/systems/partner-portal')).json()) as { contact: unknown };

    // Assess
    expect(system.contact).toEqual({ email: CONTACT, locale: 'en' });
  });

  it.each([
    { note: 'a manual system without a contact', body: partnerPortal({ contact: undefined }), path: 'contact' },
    { note: 'a contact that is no email address', body: partnerPortal({ contact: { email: 'portal desk' } }), path: 'contact.email' },
    { note: 'a contact language not offered', body: partnerPortal({ contact: { email: CONTACT, locale: 'fr' } }), path: 'contact.locale' },
    { note: 'a contact with unknown fields', body: partnerPortal({ contact: { email: CONTACT, phone: '+49 30 1234' } }), path: 'contact.phone' },
  ])('refuses $note with a 400 naming the field', async ({ body, path }) => {
    // Act
    const response = await api('/v1/systems/partner-portal-2', { method: 'PUT', body: JSON.stringify(body) });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as Problem).errors!.map((e) => e.path)).toContain(path);
  });

  it('opens the task, mails the contact, lists it, and finishes the request when an operator reports it', async () => {
    // Prepare
    const olivia = account('acc-3001');
    const requestId = await fileAndVerify(olivia.accountId, { type: 'access', scope: { systems: ['partner-portal', 'crm-profiles'] } });

    // Act
    const task = await portalTask(requestId);
    const [mail] = await mailsTo(runtime, CONTACT);
    const during = await read(requestId);
    const reported = await api(task.links.report, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'done', data: [{ partnerId: 'p-77', tier: 'gold' }] }),
    });
    const again = await api(task.links.report, { method: 'POST', body: JSON.stringify({ outcome: 'done' }) });
    await runtime.workflows.idle();
    const after = await read(requestId);
    const finished = ((await (await api('/v1/tasks?state=finished&systemId=partner-portal')).json()) as { items: Task[] }).items;

    // Assess
    expect(task).toMatchObject({ taskId: `${requestId}.1.partner-portal`, action: 'export', connector: 'manual', state: 'open' });
    expect(Date.parse(task.dueAt) - Date.parse(task.askedAt!)).toBe(14 * 24 * 3600 * 1000);
    expect(mail!.subject).toMatch(/^Task for Partner portal: export the person's data by /);
    expect(mail!.body.text).toContain(requestId);
    expect(mail!.body.text).toContain(`POST ${runtime.apiUrl.replace(/\/+$/, '')}/v1/tasks/${task.taskId}/result`);
    expect(mail!.body.text).toContain('Look the account up in the portal admin');
    expect(mail!.body.text).not.toContain(olivia.email);
    expect(during.status).toBe('in-progress');
    expect(during.fulfilment!.finishedAt).toBeUndefined();
    expect(during.fulfilment!.tasks).toEqual([
      expect.objectContaining({ systemId: 'crm-profiles', connector: 'dynamodb', state: 'finished', outcome: 'done' }),
      expect.objectContaining({ systemId: 'partner-portal', state: 'open', dueAt: task.dueAt }),
    ]);
    expect(reported.status).toBe(202);
    expect(again.status).toBe(409);
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ systemId: 'partner-portal', outcome: 'done', records: 1 })]));
    expect(after.fulfilment!.tasks!.map((t) => [t.systemId, t.state, t.outcome])).toEqual([
      ['crm-profiles', 'finished', 'done'],
      ['partner-portal', 'finished', 'done'],
    ]);
    expect(finished.map((t) => t.taskId)).toContain(task.taskId);
    expect((await openTasks('partner-portal')).map((t) => t.taskId)).not.toContain(task.taskId);
  });

  it('keeps what ran when the request is cancelled, and refuses a report of its cancelled task', async () => {
    // Prepare
    const james = account('acc-2002');
    const requestId = await fileAndVerify(james.accountId, { type: 'access', scope: { systems: ['partner-portal', 'crm-profiles'] } });
    const task = await portalTask(requestId);
    await expect
      .poll(async () => (await read(requestId)).fulfilment?.tasks?.find((t) => t.systemId === 'crm-profiles')?.state, { timeout: 10_000 })
      .toBe('finished');

    // Act
    const cancelled = await api(`/v1/requests/${requestId}/cancel`, { method: 'POST' });
    await runtime.workflows.idle();
    const after = await read(requestId);
    const audit = (await (await api(`/v1/requests/${requestId}/audit`)).json()) as { events: { type: string; data: Record<string, unknown> }[] };
    const late = await api(task.links.report, { method: 'POST', body: JSON.stringify({ outcome: 'done' }) });

    // Assess
    expect(cancelled.status).toBe(200);
    expect(after.status).toBe('cancelled');
    expect(after.fulfilment!.outcomes).toEqual([expect.objectContaining({ systemId: 'crm-profiles', outcome: 'done' })]);
    expect(after.fulfilment!.tasks!.map((t) => [t.systemId, t.state])).toEqual([
      ['crm-profiles', 'finished'],
      ['partner-portal', 'cancelled'],
    ]);
    expect(audit.events.filter((e) => e.type === 'fulfilment.system-outcome').map((e) => e.data.systemId)).toEqual(['crm-profiles']);
    expect(late.status).toBe(410);
    expect(late.headers.get('content-type')).toBe('application/problem+json');
    expect((await openTasks('partner-portal')).map((t) => t.requestId)).not.toContain(requestId);
  });

  it.each([
    { note: 'an unknown state', query: 'state=closed', path: 'state' },
    { note: 'a malformed system id', query: 'systemId=Partner%20Portal', path: 'systemId' },
    { note: 'a limit of 0', query: 'limit=0', path: 'limit' },
    { note: 'a limit above 100', query: 'limit=101', path: 'limit' },
    { note: 'an unknown parameter', query: 'owner=me', path: '' },
  ])('refuses a task listing with $note with a 400', async ({ query, path }) => {
    // Act
    const response = await api(`/v1/tasks?${query}`);

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Problem;
    if (path) expect(problem.errors!.map((e) => e.path)).toContain(path);
  });

  it('refuses a cursor it did not issue, and one of another state', async () => {
    // Prepare
    const foreign = Buffer.from(JSON.stringify({ taskId: 'x', state: 'finished', dueAt: '2026-01-01T00:00:00.000Z' })).toString('base64url');

    // Act
    const garbage = await api('/v1/tasks?cursor=not-a-cursor');
    const otherState = await api(`/v1/tasks?state=open&cursor=${foreign}`);

    // Assess
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as Problem).detail).toBe('The cursor is not one this API returned.');
    expect(otherState.status).toBe(400);
    expect(((await otherState.json()) as Problem).detail).toBe('The cursor belongs to a listing of another state.');
  });

  it('refuses the task list and a report without the API key', async () => {
    // Act
    const list = await fetch(`${runtime.apiUrl}/v1/tasks`);
    const report = await fetch(`${runtime.apiUrl}/v1/tasks/x/result`, {
      method: 'POST',
      body: '{"outcome":"done"}',
      headers: { 'content-type': 'application/json' },
    });

    // Assess
    expect(list.status).toBe(401);
    expect(report.status).toBe(401);
  });

  it('lets a fulfilment caller list tasks and refuses a filer with a 403', async () => {
    // Act
    const asFulfilment = await fetch(`${runtime.apiUrl}/v1/tasks`, { headers: { 'x-api-key': runtime.roleKeys.fulfilment } });
    const asFiler = await fetch(`${runtime.apiUrl}/v1/tasks`, { headers: { 'x-api-key': runtime.roleKeys.filer } });

    // Assess
    expect(asFulfilment.status).toBe(200);
    expect(asFiler.status).toBe(403);
    expect(asFiler.headers.get('content-type')).toBe('application/problem+json');
  });

  it('pages the open tasks with a cursor', async () => {
    // Prepare
    const maria = account('acc-2001');
    const anna = account('acc-1001');
    const first = await fileAndVerify(maria.accountId, { type: 'deletion', scope: { systems: ['partner-portal'] } });
    const second = await fileAndVerify(anna.accountId, { type: 'deletion', scope: { systems: ['partner-portal'] } });
    await portalTask(first);
    await portalTask(second);

    // Act
    const page1 = (await (await api('/v1/tasks?limit=1')).json()) as { items: Task[]; nextCursor?: string };
    const page2 = (await (await api(`/v1/tasks?limit=1&cursor=${page1.nextCursor}`)).json()) as { items: Task[]; nextCursor?: string };

    // Assess
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeDefined();
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0]!.taskId).not.toBe(page1.items[0]!.taskId);
    expect([page1.items[0]!.dueAt <= page2.items[0]!.dueAt]).toEqual([true]);
  });

  it('lists the open tasks and completes one through npm run ops', async () => {
    // Prepare
    const lea = account('acc-1003');
    const requestId = await fileAndVerify(lea.accountId, { type: 'deletion', scope: { systems: ['partner-portal'] } });
    const task = await portalTask(requestId);
    const ops = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runOps([...argv, '--url', runtime.apiUrl, '--api-key', API_KEY], {
        env: {},
        fetch: (input, init) => fetch(input, init),
        now: () => new Date(),
        out: (text) => out.push(text),
        err: (text) => out.push(text),
      });
      return { code, out: out.join('\n') };
    };

    // Act
    const listed = await ops('tasks', '--system', 'partner-portal');
    const completed = await ops('complete', task.taskId, 'not-found');
    await expect.poll(async () => (await read(requestId)).status, { timeout: 10_000 }).toBe('completed');
    const after = await read(requestId);

    // Assess
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(task.taskId);
    expect(listed.out).not.toContain(lea.email);
    expect(completed).toEqual({ code: 0, out: `Task ${task.taskId} reported not-found; its request goes on.` });
    expect(after.fulfilment!.outcomes).toEqual([expect.objectContaining({ systemId: 'partner-portal', outcome: 'not-found' })]);
  });
});
