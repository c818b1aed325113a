// Property-based fuzzing of email intake through the local SMTP server: 1,000 malformed MIME
// messages (broken and missing boundaries, nesting without end, bad transfer encodings, unknown
// charsets, broken encoded words, binary and NUL bytes, header garbage, attachments that lie about
// their type). Whatever arrives: the server takes every message in (no refusal, no "try again"),
// each becomes exactly one record that is filed, in triage, ignored or correspondence, its raw form
// stays in the data bucket, and the runtime still answers afterwards.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { buckets, INBOUND_MAIL_PREFIX, tables } from '../../shared/resources.js';
import { sendSmtp } from '../support/smtp-client.js';

const API_KEY = 'mail-fuzz-key';
const MESSAGES = 1_000;
/** Messages in flight at once: a mail program's few connections, not a flood. */
const AT_ONCE = 4;

const CRLF = '\r\n';
/** A few bytes of anything, read as latin1 so every byte value reaches the parser. */
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString('latin1'));
const words = fc.constantFrom(
  'Bitte löschen Sie alle meine Daten.',
  'Please delete my data.',
  'I want a copy of my personal data under Art. 15 GDPR.',
  'Do Not Sell my personal information (California).',
  'Hello?',
  '',
);
const charset = fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'utf-7', 'x-unknown', '"', 'utf-16', 'UTF-8"; format=flowed', '');
const encoding = fc.constantFrom('base64', 'quoted-printable', '7bit', '8bit', 'binary', 'x-uuencode', 'base-64', '');
/** A body in `encoding` that may not be what it claims: bad base64, broken soft breaks, stray bytes. */
const encodedBody = fc.oneof(
  words,
  words.map((w) => Buffer.from(w).toString('base64')),
  words.map((w) => `${Buffer.from(w).toString('base64').slice(0, -3)}@@@!!`),
  words.map((w) => w.replace(/ /g, '=2')),
  fc.constant('=\r\n=\r\n=ZZ=0=\r\n'),
  bytes(300),
  fc.constant('\u0000\u0000NUL\u0000'),
);
const brokenEncodedWord = fc.constantFrom(
  '=?utf-8?B?@@@?=',
  '=?x-nope?Q?L=F6schung?=',
  '=?utf-8?Q?unterminated',
  '=?=?=?',
  `=?utf-8?B?${'QUFB'.repeat(300)}?=`,
);
const headerGarbage = fc.oneof(
  bytes(120).map((b) => b.replace(/[\r\n]/g, ' ')),
  fc.constant('No colon in this header line'),
  fc.constant(`X-Long: ${'a'.repeat(5_000)}`),
  fc.constant(' continuation without a header'),
  brokenEncodedWord.map((w) => `Subject: ${w}`),
  fc.constantFrom('From:', 'From: <>', 'From: "unterminated <a@', 'From: a@b@c', 'To: ;;;', 'Date: yesterday', `Auto-Submitted: ${'x'.repeat(200)}`),
  fc.constantFrom('Content-Type:', 'Content-Type: multipart/mixed', 'Content-Type: text/plain; charset=', 'MIME-Version: 9.9'),
);
const from = fc.constantFrom(
  'From: Anna Schmidt <anna.schmidt@example.com>',
  'From: fuzz.sender@example.org',
  'From: =?utf-8?B?@@?= <x@example.net>',
  'From: MAILER-DAEMON@example.org',
  '',
);

/** A MIME part: a leaf with a fuzzed type and encoding, or a multipart whose boundaries may be missing, wrong or never closed. */
const part: fc.Memo<string> = fc.memo((depth) => {
  const leaf = fc
    .record({
      type: fc.constantFrom('text/plain', 'text/html', 'application/pdf', 'image/png', 'message/rfc822', 'application/octet-stream', 'text/x-unknown', ''),
      charset,
      encoding,
      name: fc.constantFrom('', 'vollmacht.pdf', '../../etc/passwd', 'a'.repeat(300), '=?utf-8?B?@@?=.pdf'),
      body: encodedBody,
    })
    .map(({ type, charset: cs, encoding: enc, name, body }) =>
      [
        `Content-Type: ${type}; charset=${cs}${name ? `; name="${name}"` : ''}`,
        enc ? `Content-Transfer-Encoding: ${enc}` : '',
        name ? `Content-Disposition: attachment; filename="${name}"` : '',
        '',
        body,
      ].join(CRLF),
    );
  if (depth <= 1) return leaf;
  const multipart = fc
    .record({
      boundary: fc.constantFrom('b1', 'b"2', '', 'x'.repeat(100), '--'),
      declared: fc.constantFrom('same', 'other', 'none'),
      parts: fc.array(part(depth - 1), { maxLength: 3 }),
      close: fc.boolean(),
      preamble: fc.constantFrom('', 'This is a multi-part message.', '--b1--'),
    })
    .map(({ boundary, declared, parts, close, preamble }) => {
      const header =
        declared === 'none' ? 'Content-Type: multipart/mixed' : `Content-Type: multipart/mixed; boundary="${declared === 'same' ? boundary : 'elsewhere'}"`;
      const body = parts.map((p) => `--${boundary}${CRLF}${p}`).join(CRLF);
      return [header, '', preamble, body, close ? `--${boundary}--` : ''].join(CRLF);
    });
  return fc.oneof(leaf, multipart);
});

/** A whole message: a unique Message-ID first (so each is taken in once), then fuzzed headers and a fuzzed body. */
const malformedMail = fc
  .record({ from, garbage: fc.array(headerGarbage, { maxLength: 4 }), body: part(4), lf: fc.boolean() })
  .map(({ from: sender, garbage, body, lf }) => (seq: number) => {
    const text = [`Message-ID: <fuzz-${seq}@fuzz.example>`, sender, 'To: privacy@example.com', ...garbage, 'MIME-Version: 1.0', body]
      .filter(Boolean)
      .join(CRLF);
    // Some mail programs write bare LF; the SMTP client sends CRLF for either.
    return Buffer.from(lf ? text.replace(/\r\n/g, '\n') : text, 'latin1');
  });

describe('email intake under malformed MIME', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0, accessLog: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('takes in 1,000 malformed messages: each accepted, recorded once as filed, triage, ignored or correspondence, its raw form kept', async () => {
    // Prepare
    const messages = fc.sample(malformedMail, { numRuns: MESSAGES, seed: 20261203 }).map((make, seq) => make(seq));
    const started = Date.now();

    // Act
    const codes = await mapConcurrent(messages, AT_ONCE, (raw) => sendSmtp(runtime.inboundMail.port, 'fuzz@example.org', 'privacy@example.com', raw));
    const seconds = (Date.now() - started) / 1000;

    // Assess
    const refused = codes.map((code, seq) => ({ code, seq })).filter(({ code }) => code !== 221);
    expect(refused, 'every message is taken in (221 after QUIT), none refused or deferred').toEqual([]);

    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const records: Array<{ outcome: string; rawKey: string; state?: string }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: tables.inbox.localName,
          FilterExpression: 'kind = :mail',
          ExpressionAttributeValues: { ':mail': 'mail' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      records.push(...((page.Items ?? []) as typeof records));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(records).toHaveLength(MESSAGES);
    const outcomes = new Map<string, number>();
    for (const record of records) outcomes.set(record.outcome, (outcomes.get(record.outcome) ?? 0) + 1);
    expect(
      [...outcomes.keys()].every((o) => ['filed', 'triage', 'ignored', 'correspondence'].includes(o)),
      JSON.stringify([...outcomes]),
    ).toBe(true);
    expect(records.filter((r) => r.outcome === 'triage').every((r) => r.state === 'open')).toBe(true);

    const s3 = createS3Client();
    const kept = new Set<string>();
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: buckets.data.localName, Prefix: INBOUND_MAIL_PREFIX, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) kept.add(object.Key);
      token = page.NextContinuationToken;
    } while (token);
    expect(records.filter((r) => !kept.has(r.rawKey))).toEqual([]);

    const health = await fetch(`${runtime.apiUrl}/health`);
    expect(health.status).toBe(200);
    const inbox = await fetch(`${runtime.apiUrl}/v1/inbox?state=open`, { headers: { 'x-api-key': API_KEY } });
    expect(inbox.status).toBe(200);
    // What the run took and how the messages ended, for docs/reliability.md.
    console.info(`mail fuzz: ${MESSAGES} messages in ${seconds.toFixed(1)} s; ${JSON.stringify(Object.fromEntries(outcomes))}`);
  }, 300_000);
});
