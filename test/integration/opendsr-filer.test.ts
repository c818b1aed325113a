// The controller an OpenDSR request came through, named in the subject's mails as the configuration
// names it (OPENDSR_CONTROLLERS), through the local runtime, where the calling controller is `local`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mailsTo } from '../support/mailbox.js';

const API_KEY = 'opendsr-filer-integration-key';
process.env.OPENDSR_CONTROLLERS = JSON.stringify({ local: 'Nordlicht Shop' });

describe('the OpenDSR controller named in the subject’s mails, through the local runtime', () => {
  let runtime: LocalRuntime;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', accept: 'application/json' } });
  const file = (email: string, regulation: 'gdpr' | 'ccpa', id = randomUUID()) =>
    api('/opendsr/v2/requests', {
      method: 'POST',
      body: JSON.stringify({
        subject_request_id: id,
        subject_request_type: 'erasure',
        submitted_time: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        subject_identities: [{ identity_type: 'email', identity_value: email, identity_format: 'raw' }],
        api_version: '2.0',
        regulation,
      }),
    });

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
    delete process.env.OPENDSR_CONTROLLERS;
  });

  it('names the controller in the confirmation link and in how the request ended, in words of its own, under the CCPA in English', async () => {
    // Prepare
    const email = 'opendsr.filer.ccpa@example.com';
    const id = randomUUID();

    // Act: filed, then withdrawn by the controller.
    const filed = await file(email, 'ccpa', id);
    const linkMail = (await mailsTo(runtime, email)).at(-1)!;
    const cancelled = await api(`/opendsr/v2/requests/${id}`, { method: 'DELETE' });
    await runtime.workflows.idle();
    const mails = await mailsTo(runtime, email);

    // Assess
    expect(filed.status).toBe(201);
    expect(cancelled.status).toBe(202);
    expect(linkMail.body.text).toContain('This request reached us through Nordlicht Shop, which passed it on to us for you.');
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Please confirm your request/), 'Request cancelled: deletion of your data']);
    for (const mail of mails) {
      expect(mail.body.text).toContain('through Nordlicht Shop');
      expect(mail.body.text).not.toMatch(/authorized agent|GDPR|Art\. \d/);
    }
  });

  it('names it in German under the GDPR, and not as the person’s agent', async () => {
    // Prepare
    const email = 'opendsr.filer.gdpr@example.com';

    // Act
    const filed = await file(email, 'gdpr');
    const linkMail = (await mailsTo(runtime, email)).at(-1)!;

    // Assess
    expect(filed.status).toBe(201);
    expect(linkMail.body.text).toContain('Diese Anfrage hat uns über Nordlicht Shop erreicht, das sie in Ihrem Namen an uns weitergegeben hat.');
    expect(linkMail.body.text).not.toMatch(/bevollmächtigt|CCPA|California/);
  });
});
