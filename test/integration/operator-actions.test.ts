// Extend, deny and cancel as the privacy team meets them: the local runtime, real emulators, HTTP, the mailbox.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { signBody, SIGNATURE_HEADER } from '../../shared/fulfilment/signatures.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'operator-integration-key';
const DAY_MS = 24 * 3600 * 1000;
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  receivedAt: string;
  denial?: { code: string; reason: string };
}

interface SystemTask {
  taskId: string;
  requestId: string;
  reportTo: string;
}

interface Problem {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

describe('operator actions through the local runtime', () => {
  let runtime: LocalRuntime;
  let receiver: Server;
  let receiverUrl: string;
  let filed = 0;
  /** The tasks the company system behind `receiverUrl` was given. */
  const tasks: SystemTask[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  /** Files a request for a new subject; each gets an address of its own, so mailboxes never mix. */
  const file = async (body: Record<string, unknown>) => {
    filed += 1;
    const email = `operator.case${filed}@example.com`;
    const response = await post('/v1/requests', { subject: { email, locale: 'en' }, ...body });
    expect(response.status).toBe(202);
    return { request: (await response.json()) as RequestView, email };
  };
  /** A company system that takes tasks and reports back only when a test does (with the secret returned). */
  const registerSlowPartner = async (systemId = 'slow-partner'): Promise<string | undefined> => {
    const registered = await api(`/v1/systems/${systemId}`, {
      method: 'PUT',
      body: JSON.stringify({
        name: 'Slow Partner',
        owner: 'Sales',
        categories: ['contact data'],
        connector: { kind: 'webhook', url: receiverUrl, timeoutSeconds: 3600 },
        actions: ['export', 'delete'],
        purposes: ['sales'],
        retention: [],
      }),
    });
    expect([200, 201]).toContain(registered.status);
    return ((await registered.json()) as { signingSecret?: string }).signingSecret;
  };
  const events = async (id: string) =>
    ((await (await api(`/v1/requests/${id}/audit`)).json()) as { events: { type: string; actor: { kind: string } }[] }).events;

  beforeAll(async () => {
    // Fault proxies that pass every call until a test makes a service fail.
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, faults: { rate: 0 } });
    // A company system that takes tasks and never reports back, so a workflow stays running.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req
        .on('data', (chunk: Buffer) => chunks.push(chunk))
        .on('end', () => {
          tasks.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SystemTask);
          res.writeHead(202).end();
        });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tasks`;
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await new Promise((resolve) => receiver?.close(resolve));
    await runtime?.stop();
  });

  describe('extend', () => {
    it('extends a GDPR request once by two further months and mails the subject the date and the reason', async () => {
      // Prepare
      const { request, email } = await file({ type: 'deletion', jurisdiction: 'gdpr' });
      const reason = 'The request covers eight systems and archived backups.';

      // Act
      const extended = await post(`/v1/requests/${request.id}/extend`, { reason });
      const again = await post(`/v1/requests/${request.id}/extend`, { reason });
      const after = await read(request.id);
      const mail = (await mailsTo(runtime, email)).find((m) => m.subject.startsWith('We need more time'));

      // Assess
      expect(extended.status).toBe(200);
      const body = (await extended.json()) as RequestView;
      expect(body.dueAt > request.dueAt).toBe(true);
      // Three months from receipt in all (one, then two more), moved to a working day.
      const days = (Date.parse(body.dueAt) - Date.parse(request.receivedAt.slice(0, 10))) / DAY_MS;
      expect(days).toBeGreaterThanOrEqual(89);
      expect(days).toBeLessThanOrEqual(96);
      expect(after.dueAt).toBe(body.dueAt);
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toBe('application/problem+json');
      expect(((await again.json()) as Problem).detail).toContain('extended once already');
      expect(mail?.body.text).toContain(reason);
      expect(mail?.body.text).toMatch(/supervisory authority/i);
      expect((await events(request.id)).map((e) => e.type)).toContain('request.extended');
    });

    it('extends a CCPA request to 90 days in all', async () => {
      // Prepare
      const { request } = await file({ type: 'access', jurisdiction: 'ccpa' });

      // Act
      const extended = await post(`/v1/requests/${request.id}/extend`, { reason: 'Records sit in three regional archives.' });

      // Assess
      expect(extended.status).toBe(200);
      const days = Math.round((Date.parse(((await extended.json()) as RequestView).dueAt) - Date.parse(request.dueAt)) / DAY_MS);
      expect(days).toBe(45);
    });

    it('refuses a type the law gives no extension, and a request whose first deadline has passed', async () => {
      // Prepare
      const { request: optOut } = await file({ type: 'sale-opt-out', jurisdiction: 'ccpa' });
      const { request: late } = await file({
        type: 'access',
        jurisdiction: 'gdpr',
        receivedAt: new Date(Date.now() - 70 * DAY_MS).toISOString(),
      });

      // Act
      const refusedType = await post(`/v1/requests/${optOut.id}/extend`, { reason: 'More time, please.' });
      const refusedLate = await post(`/v1/requests/${late.id}/extend`, { reason: 'More time, please.' });

      // Assess
      expect(refusedType.status).toBe(409);
      expect(((await refusedType.json()) as Problem).detail).toMatch(/no extension|is completed|is in-progress|is verified/);
      expect(refusedLate.status).toBe(409);
      expect(((await refusedLate.json()) as Problem).detail).toContain('first deadline');
    });
  });

  describe('deny', () => {
    it('refuses a request with a code and reason, mails the refusal with the right to complain, and stays final', async () => {
      // Prepare
      const { request, email } = await file({ type: 'access', jurisdiction: 'gdpr' });
      const reason = 'The same request was answered in full two weeks ago.';

      // Act
      const denied = await post(`/v1/requests/${request.id}/deny`, { code: 'manifestly-unfounded', reason });
      const again = await post(`/v1/requests/${request.id}/deny`, { code: 'excessive', reason });
      const cancel = await post(`/v1/requests/${request.id}/cancel`, {});
      const extend = await post(`/v1/requests/${request.id}/extend`, { reason });
      const mail = (await mailsTo(runtime, email)).find((m) => m.subject.startsWith('We cannot carry out'));
      const chain = await events(request.id);

      // Assess
      expect(denied.status).toBe(200);
      expect(await denied.json()).toMatchObject({ status: 'denied', denial: { code: 'manifestly-unfounded' } });
      for (const refused of [again, cancel, extend]) {
        expect(refused.status).toBe(409);
        expect(refused.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(mail?.body.text).toContain(reason);
      expect(mail?.body.text).toMatch(/supervisory authority/i);
      expect(mail?.body.text).toMatch(/court|judicial/i);
      expect(chain.at(-1)).toMatchObject({ type: 'request.denied', actor: { kind: 'operator' } });
    });
  });

  describe('cancel', () => {
    it('cancels a request whose fulfilment waits on a system, and stops the workflow', async () => {
      // Prepare
      await registerSlowPartner();
      const jonas = account('acc-1002');
      const response = await post('/v1/requests', {
        type: 'deletion',
        jurisdiction: 'gdpr',
        subject: { email: jonas.email },
        scope: { systems: ['slow-partner'] },
      });
      const request = (await response.json()) as RequestView;
      const link = await newestLink(runtime, jonas.email, '/v1/verify/');
      await fetch(link, formPost({ confirm: 'yes' }));
      const identity = await fetch(`${link}/identity`, formPost(knowledgeAnswers(jonas)));
      expect(identity.status).toBe(200);
      await expect.poll(async () => (await read(request.id)).status, { timeout: 10_000 }).toBe('in-progress');
      const execution = () => runtime.workflows.executions().find((e) => e.name.includes(request.id));
      expect(execution()?.status).toBe('RUNNING');

      // Act
      const cancelled = await post(`/v1/requests/${request.id}/cancel`, {});
      await runtime.workflows.idle();

      // Assess
      expect(cancelled.status).toBe(200);
      expect(execution()?.status).toBe('ABORTED');
      expect((await read(request.id)).status).toBe('cancelled');
      expect((await events(request.id)).at(-1)).toMatchObject({ type: 'request.cancelled', actor: { kind: 'operator' } });
    });

    it('lets exactly one of several concurrent closing actions win; the rest get 409s', async () => {
      // Prepare
      const { request } = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr' });
      const actions = [
        () => post(`/v1/requests/${request.id}/cancel`, {}),
        () => post(`/v1/requests/${request.id}/deny`, { code: 'excessive', reason: 'Filed twenty times this week.' }),
        () => post(`/v1/requests/${request.id}/cancel`, {}),
        () => post(`/v1/requests/${request.id}/deny`, { code: 'exemption', reason: 'A legal hold applies.' }),
        () => post(`/v1/requests/${request.id}/cancel`, {}),
        () => post(`/v1/requests/${request.id}/deny`, { code: 'no-data', reason: 'We hold no data on this person.' }),
      ];

      // Act
      const statuses = (await Promise.all(actions.map((act) => act()))).map((r) => r.status).sort();
      const closingEvents = (await events(request.id)).filter((e) => e.type === 'request.denied' || e.type === 'request.cancelled');

      // Assess
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      expect(closingEvents).toHaveLength(1);
    });
  });

  describe('resume', () => {
    /** Files an access request for a demo customer, scoped to `systems`, and confirms it with the knowledge check. */
    const fileAndConfirm = async (accountId: string, systems: string[]) => {
      const customer = account(accountId);
      const response = await post('/v1/requests', { type: 'access', jurisdiction: 'gdpr', subject: { email: customer.email }, scope: { systems } });
      expect(response.status).toBe(202);
      const request = (await response.json()) as RequestView;
      const link = await newestLink(runtime, customer.email, '/v1/verify/');
      await fetch(link, formPost({ confirm: 'yes' }));
      expect((await fetch(`${link}/identity`, formPost(knowledgeAnswers(customer)))).status).toBe(200);
      return { request, email: customer.email };
    };

    it('runs a request again whose fulfilment failed while S3 was down; one of two operators wins, and the subject gets the download', async () => {
      // Prepare: S3 fails every call, so the export cannot be bundled and the run fails for good
      runtime.faults!.setRate(1, ['s3']);
      const { request, email } = await fileAndConfirm('acc-1001', ['crm-profiles']);
      await expect.poll(async () => (await read(request.id)).status, { timeout: 100_000, interval: 500 }).toBe('failed');
      runtime.faults!.setRate(0);
      await runtime.workflows.idle();

      // Act
      const answers = await Promise.all([post(`/v1/requests/${request.id}/resume`, {}), post(`/v1/requests/${request.id}/resume`, {})]);
      await runtime.workflows.idle();

      // Assess
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const resumed = (await answers.find((r) => r.status === 200)!.json()) as RequestView;
      expect(resumed.status).toBe('verified');
      expect((await read(request.id)).status).toBe('completed');
      const runs = runtime.workflows.executions().filter((e) => e.name.startsWith(`fulfil-${request.id}`));
      expect(runs.map((e) => [e.name, e.status])).toEqual([
        [`fulfil-${request.id}`, 'FAILED'],
        [`fulfil-${request.id}-2`, 'SUCCEEDED'],
      ]);
      const trail = (await events(request.id)).map((e) => e.type);
      const failedAt = trail.indexOf('fulfilment.failed');
      expect(trail.slice(failedAt, failedAt + 4)).toEqual(['fulfilment.failed', 'request.resumed', 'fulfilment.requested', 'fulfilment.started']);
      expect(trail.filter((type) => type === 'request.resumed')).toHaveLength(1);
      const download = await fetch(await newestLink(runtime, email, '/v1/exports/'), formPost({ download: 'yes' }));
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/zip');
    }, 120_000);

    it('sends the closing notice a run could not send (SES was down) through a new run, and leaves the request closed', async () => {
      // Prepare: the request waits on a system; SES fails from before the system reports until the run gives up
      const secret = (await registerSlowPartner('notice-partner'))!;
      const { request, email } = await fileAndConfirm('acc-2001', ['notice-partner']);
      await expect.poll(() => tasks.find((t) => t.requestId === request.id), { timeout: 10_000 }).toBeDefined();
      const task = tasks.find((t) => t.requestId === request.id)!;
      runtime.faults!.setRate(1, ['ses']);
      const report = JSON.stringify({ outcome: 'done', data: [{ contact: 'on file', stage: 'lead' }] });
      const reported = await fetch(task.reportTo, {
        method: 'POST',
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, report, new Date()) },
        body: report,
      });
      expect(reported.status).toBe(202);
      await runtime.workflows.idle();
      runtime.faults!.setRate(0);
      const untold = (await read(request.id)) as RequestView & { fulfilment?: { noticeSentAt?: string } };
      expect(untold.status).toBe('completed');
      expect(untold.fulfilment?.noticeSentAt).toBeUndefined();

      // Act
      const resumed = await post(`/v1/requests/${request.id}/resume`, {});
      await runtime.workflows.idle();
      const again = await post(`/v1/requests/${request.id}/resume`, {});

      // Assess
      expect(resumed.status).toBe(200);
      const told = (await read(request.id)) as RequestView & { fulfilment?: { noticeSentAt?: string } };
      expect(told.status).toBe('completed');
      expect(told.fulfilment?.noticeSentAt).toBeDefined();
      expect((await fetch(await newestLink(runtime, email, '/v1/exports/'))).status).toBe(200);
      expect(again.status).toBe(409);
      expect(((await again.json()) as Problem).detail).toContain('it is completed');
      expect((await events(request.id)).map((e) => e.type).slice(-3)).toEqual(['request.resumed', 'fulfilment.requested', 'notice.closing-sent']);
    }, 120_000);

    it('leaves a fulfilment that is still going alone, and refuses requests not verified yet or closed', async () => {
      // Prepare: a run waiting on a system that never reports, a request waiting for its subject, a closed one
      await registerSlowPartner();
      const waiting = await fileAndConfirm('acc-1003', ['slow-partner']);
      await expect.poll(async () => (await read(waiting.request.id)).status, { timeout: 10_000 }).toBe('in-progress');
      const unconfirmed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr' });
      const closed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr' });
      expect((await post(`/v1/requests/${closed.request.id}/cancel`, {})).status).toBe(200);

      // Act
      const answers = await Promise.all([waiting, unconfirmed, closed].map(({ request }) => post(`/v1/requests/${request.id}/resume`, {})));
      const problems = (await Promise.all(answers.map((r) => r.json()))) as Problem[];

      // Assess
      expect(answers.map((r) => [r.status, r.headers.get('content-type')])).toEqual(Array(3).fill([409, 'application/problem+json']));
      expect(problems.map((p) => p.detail)).toEqual([
        expect.stringContaining('its fulfilment is running'),
        expect.stringContaining('not verified yet'),
        expect.stringContaining('it is cancelled'),
      ]);
      expect((await read(waiting.request.id)).status).toBe('in-progress');
      expect(runtime.workflows.executions().filter((e) => e.name.startsWith(`fulfil-${waiting.request.id}`))).toHaveLength(1);
      await post(`/v1/requests/${waiting.request.id}/cancel`, {});
    });
  });

  describe('bad input', () => {
    it.each([
      ['extend without a reason', 'extend', {}, 400, 'reason'],
      ['extend with a blank reason', 'extend', { reason: '   ' }, 400, 'reason'],
      ['extend with an unknown field', 'extend', { reason: 'Busy.', days: 90 }, 400, ''],
      ['deny with an unknown code', 'deny', { code: 'because', reason: 'No.' }, 400, 'code'],
      ['deny without a reason', 'deny', { code: 'excessive' }, 400, 'reason'],
      ['deny with a reason too long to mail', 'deny', { code: 'excessive', reason: 'x'.repeat(5000) }, 400, 'reason'],
    ])('refuses %s with 400 naming the field', async (_label, action, body, status, field) => {
      // Prepare
      const { request } = await file({ type: 'access', jurisdiction: 'gdpr' });

      // Act
      const response = await post(`/v1/requests/${request.id}/${action}`, body);

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as Problem;
      if (field) expect(problem.errors?.map((e) => e.path)).toContain(field);
      expect((await read(request.id)).status).toBe('awaiting-verification');
    });

    it('answers 404 for a request that does not exist, and refuses malformed bodies and unauthenticated calls', async () => {
      // Act
      const missing = await post('/v1/requests/01J0000000000000000000000Z/deny', { code: 'excessive', reason: 'Filed twenty times this week.' });
      const malformed = await api('/v1/requests/01J0000000000000000000000Z/extend', { method: 'POST', body: '{"reason":' });
      const anonymous = await fetch(`${runtime.apiUrl}/v1/requests/01J0000000000000000000000Z/cancel`, { method: 'POST' });
      const missingResume = await post('/v1/requests/01J0000000000000000000000Z/resume', {});
      const anonymousResume = await fetch(`${runtime.apiUrl}/v1/requests/01J0000000000000000000000Z/resume`, { method: 'POST' });

      // Assess
      expect(missing.status).toBe(404);
      expect(malformed.status).toBe(400);
      expect(anonymous.status).toBe(401);
      expect(missingResume.status).toBe(404);
      expect(anonymousResume.status).toBe(401);
      for (const response of [missing, malformed, anonymous, missingResume, anonymousResume])
        expect(response.headers.get('content-type')).toBe('application/problem+json');
    });
  });
});
