import { describe, expect, it } from 'vitest';
import type { Mailer, OutgoingMail } from '../../shared/mail/mailer.js';
import { sendNotice } from '../../shared/mail/notify.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { NoticeError, renderNotice, type Notice } from '../../shared/notices/catalogue.js';

const REQUEST_ID = '01JNQ8R2V4M7Y3W5X6Z8A9B0C1';

describe('sendNotice', () => {
  it('mails the rendered notice, tagged with its kind, and returns the message id', async () => {
    // Prepare
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = {
      send: async (message) => {
        sent.push(message);
        return { messageId: 'msg-0001' };
      },
    };
    const notice: Notice = {
      kind: 'export-ready',
      downloadUrl: 'https://privacy.example.com/v1/exports/tok_9Zx4',
      expiresAt: '2026-07-20T14:05:00Z',
      maxDownloads: 5,
    };

    // Act
    const messageId = await sendNotice(mailer, 'lea.mueller@example.net', notice, 'de', DEMO_CONTROLLER, {
      headers: { 'X-Request-Id': REQUEST_ID },
      tags: { request: REQUEST_ID },
    });

    // Assess
    expect(messageId).toBe('msg-0001');
    expect(sent).toEqual([
      {
        to: 'lea.mueller@example.net',
        ...renderNotice(notice, 'de', DEMO_CONTROLLER),
        headers: { 'X-Request-Id': REQUEST_ID },
        tags: { notice: 'export-ready', request: REQUEST_ID },
      },
    ]);
  });

  it('sends nothing when the notice cannot be rendered', async () => {
    // Prepare
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = {
      send: async (message) => {
        sent.push(message);
        return { messageId: 'msg-0002' };
      },
    };
    const notice: Notice = { kind: 'verified', requestType: 'access', dueAt: 'soon' };

    // Act
    const sending = sendNotice(mailer, 'lea.mueller@example.net', notice, 'en', DEMO_CONTROLLER);

    // Assess
    await expect(sending).rejects.toThrow(NoticeError);
    expect(sent).toEqual([]);
  });
});
