import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holidayCalendar } from '../../shared/domain/holidays.js';
import { InboxStore, type MailVerdicts } from '../../shared/intake/inbox-store.js';
import { excerptOf, receiveMail, threadHeaders, type EmailAnswer, type ReceiveMailDeps } from '../../shared/intake/receive-mail.js';
import type { FileRequestInput } from '../../shared/requests/file-request.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const VERDICTS: MailVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };
const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

function mail(body: string, headers: string[] = [], from = 'Anna Schmidt <anna.schmidt@example.com>'): Uint8Array {
  return Buffer.from([`From: ${from}`, 'To: privacy@example.com', 'Subject: Anfrage', 'Message-ID: <m-1@mail.example.net>', ...headers, '', body].join('\r\n'));
}

/** The ports receiveMail calls, kept in memory: an inbox on a mocked DynamoDB, filings and answers recorded. */
function harness() {
  const filed: FileRequestInput[] = [];
  const answered: Array<{ id: string; answer: EmailAnswer | undefined }> = [];
  const recorded: Array<{ id: string; types: string[] }> = [];
  const requests = new Map<string, RequestRecord>();
  const calendars = {
    gdpr: { timeZone: 'Europe/Berlin', calendar: holidayCalendar('DE') },
    ccpa: { timeZone: 'America/Los_Angeles', calendar: holidayCalendar('US-CA') },
  };
  let n = 0;
  const deps: ReceiveMailDeps = {
    inbox: new InboxStore({ tableName: 'inbox', client }),
    requests: {
      get: async (id) => requests.get(id),
      record: async (request, events) => {
        recorded.push({ id: request.id, types: events.map((e) => e.type) });
        return request;
      },
    },
    accounts: { findByEmail: async () => undefined },
    file: async (input) => {
      filed.push(input);
      const request = requestRecord('awaiting-verification', { id: `01REQ${++n}`, type: input.type, jurisdiction: input.jurisdiction });
      requests.set(request.id, request);
      return { request };
    },
    afterFiled: async (request, answer) => {
      answered.push({ id: request.id, answer });
      return request;
    },
    subjectKey: async () => Buffer.alloc(32, 1),
    calendars,
    ourAddresses: ['privacy@example.com'],
    languages: ['de', 'en'],
    answersPerDay: 3,
    retentionDays: 60,
    newId: () => '01MAIL0000000000000000000A',
    now: () => NOW,
  };
  return { deps, filed, answered, recorded, requests };
}

const received = (raw: Uint8Array, verdicts = VERDICTS) => ({ raw, rawKey: 'inbound-mail/2026-12-01/x.eml', receivedAt: '2026-12-01T08:59:00.000Z', verdicts });

afterEach(() => {
  documents.reset();
});

beforeEach(() => {
  documents.on(PutCommand).resolves({});
  documents.on(UpdateCommand).resolves({});
  documents.on(GetCommand).resolves({});
});

describe('receiveMail', () => {
  it('files each right asked through the intake, with the email channel and the clock from receipt, and answers threaded', async () => {
    const { deps, filed, answered, recorded } = harness();
    const { mail: inbox } = await receiveMail(
      received(mail('Bitte teilen Sie mir mit, welche Daten Sie über mich gespeichert haben, und löschen Sie diese.')),
      deps,
    );

    expect(filed.map((f) => [f.type, f.jurisdiction, f.channel, f.receivedAt, f.subject.email])).toEqual([
      ['access', 'gdpr', 'email', '2026-12-01T08:59:00.000Z', 'anna.schmidt@example.com'],
      ['deletion', 'gdpr', 'email', '2026-12-01T08:59:00.000Z', 'anna.schmidt@example.com'],
    ]);
    expect(answered).toHaveLength(2);
    expect(answered[0]?.answer).toEqual({
      to: 'anna.schmidt@example.com',
      rights: ['access', 'deletion'],
      headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<m-1@mail.example.net>', References: '<m-1@mail.example.net>' },
    });
    expect(recorded.map((r) => r.types)).toEqual([['intake.email-understood'], ['intake.email-understood']]);
    expect(inbox).toMatchObject({ outcome: 'filed', requestIds: ['01REQ1', '01REQ2'], answered: true });
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'inbox',
      Item: expect.objectContaining({ key: 'mail#01MAIL0000000000000000000A', outcome: 'filed' }),
    });
  });

  it('records a DMARC failure on the request, and still files: nothing happens before the link is clicked', async () => {
    const { deps, recorded } = harness();
    await receiveMail(received(mail('Bitte löschen Sie alle meine Daten.'), { ...VERDICTS, dmarc: 'FAIL' }), deps);
    expect(recorded[0]?.types).toEqual(['intake.email-understood', 'intake.dmarc-failed']);
  });

  it('takes a Message-ID in once: a redelivered mail whose intake finished files nothing', async () => {
    const { deps, filed } = harness();
    documents.on(PutCommand).callsFake((input: { Item: { key: string } }) => {
      if (input.Item.key.startsWith('message#')) throw new ConditionalCheckFailedException({ message: 'held', $metadata: {} });
      return {};
    });
    documents.on(GetCommand).callsFake((input: { Key: { key: string } }) => {
      if (input.Key.key.startsWith('message#')) return { Item: { mailId: '01EARLIER' } };
      if (input.Key.key === 'mail#01EARLIER') return { Item: { key: 'mail#01EARLIER', id: '01EARLIER', outcome: 'filed' } };
      return {};
    });

    const outcome = await receiveMail(received(mail('Bitte löschen Sie alle meine Daten.')), deps);
    expect(outcome).toMatchObject({ duplicate: true, mail: { id: '01EARLIER' } });
    expect(filed).toEqual([]);
  });

  it('files but does not answer past the sender’s daily cap', async () => {
    const { deps, answered } = harness();
    documents.on(UpdateCommand).callsFake((input: { Key: { key: string } }) => {
      if (input.Key.key.startsWith('answers#')) throw new ConditionalCheckFailedException({ message: 'cap', $metadata: {} });
      return {};
    });
    const { mail: inbox } = await receiveMail(received(mail('Bitte löschen Sie alle meine Daten.')), deps);
    expect(answered).toEqual([{ id: '01REQ1', answer: undefined }]);
    expect(inbox).toMatchObject({ outcome: 'filed', answered: false, notAnsweredBecause: 'daily-cap' });
  });

  it('records a reply to our notice on its request, found by the Message-ID we sent, and answers nothing', async () => {
    const { deps, recorded, requests, filed, answered } = harness();
    requests.set('01NOTICED', requestRecord('awaiting-verification', { id: '01NOTICED' }));
    documents.on(GetCommand, { Key: { key: 'notice#0100019a-abc' } }).resolves({ Item: { requestId: '01NOTICED' } });
    const ooo = mail('Ich bin nicht im Büro.', ['Auto-Submitted: auto-replied', 'In-Reply-To: <0100019a-abc@eu-west-1.amazonses.com>']);

    const { mail: inbox } = await receiveMail(received(ooo), deps);
    expect(recorded).toEqual([{ id: '01NOTICED', types: ['correspondence.received'] }]);
    expect(inbox).toMatchObject({ outcome: 'correspondence', requestIds: ['01NOTICED'], answered: false, notAnsweredBecause: 'automatic' });
    expect(inbox.state).toBeUndefined();
    expect(filed).toEqual([]);
    expect(answered).toEqual([]);
  });

  // The earliest deadline of any right: a GDPR consent withdrawal is due the next working day.
  it('puts an unclear mail in the triage inbox with the deadline already running and a masked excerpt', async () => {
    const { deps, filed } = harness();
    const { mail: inbox } = await receiveMail(
      received(mail('Ich mache mir Sorgen um meine Daten, schreiben Sie mir an anna.privat@example.de', [], 'x@example.com')),
      deps,
    );
    expect(filed).toEqual([]);
    expect(inbox).toMatchObject({ outcome: 'triage', state: 'open', reason: 'no-right', answered: false, dueAt: '2026-12-02' });
    expect(inbox.excerpt).toContain('a•••@example.de');
    expect(inbox.excerpt).not.toContain('anna.privat');
  });

  it('ignores an out-of-office mail that answers nothing of ours', async () => {
    const { deps, filed, answered } = harness();
    const { mail: inbox } = await receiveMail(received(mail('Bitte löschen Sie alle meine Daten.', ['Auto-Submitted: auto-replied'])), deps);
    expect(inbox).toMatchObject({ outcome: 'ignored', reason: 'auto-submitted', answered: false });
    expect(filed).toEqual([]);
    expect(answered).toEqual([]);
  });
});

describe('threadHeaders', () => {
  it('threads to the mail and its references, and marks the answer automatic', () => {
    expect(threadHeaders({ messageId: 'c@x', replyTo: ['b@x', 'a@x'] })).toEqual({
      'Auto-Submitted': 'auto-replied',
      'In-Reply-To': '<c@x>',
      References: '<a@x> <b@x> <c@x>',
    });
    expect(threadHeaders({ messageId: undefined, replyTo: [] })).toEqual({ 'Auto-Submitted': 'auto-replied' });
  });
});

describe('excerptOf', () => {
  it('masks addresses and long digit runs, and stops at 280 characters', () => {
    const excerpt = excerptOf({ subject: 'Hi', text: `card 4242 4242 4242 4242 mail me at someone@example.org ${'x'.repeat(400)}` });
    expect(excerpt).toMatch(/^Hi — card ••• mail me at s•••@example\.org x+…$/);
    expect(excerpt.length).toBe(280);
  });
});
