import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_MAIL_BYTES, parseMail, stripQuotes } from '../../shared/intake/parse-mail.js';
import { detectLocale, rightsAsked, understandMail, type UnderstandContext } from '../../shared/intake/understand-mail.js';
import { classifyCorpus, corpus, corpusContext, largeMail, outcomeOf } from '../support/mail-corpus.js';

const CONTEXT: UnderstandContext = { ourAddresses: ['privacy@example.com'], languages: ['de', 'en'] };
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** A plain mail from `from` with `body`, and any extra header lines. */
function raw(from: string, subject: string, body: string, headers: string[] = []): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: privacy@example.com',
      `Subject: ${subject}`,
      'Message-ID: <t-1@mail.example.net>',
      ...headers,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
    ].join('\r\n'),
  );
}

function withPdf(from: string, body: string, pdf: Buffer): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: privacy@example.com',
      'Subject: Request for a client',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      body,
      '--b',
      'Content-Type: application/pdf; name="p.pdf"',
      'Content-Disposition: attachment; filename="p.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );
}

describe('the labelled mail corpus', () => {
  const mails = corpus();

  it('holds at least 60 labelled mails in German and English', () => {
    expect(mails.length).toBeGreaterThanOrEqual(60);
    expect(mails.every((m) => m.expected !== undefined)).toBe(true);
    const locales = new Set(mails.flatMap((m) => ('locale' in m.expected ? [m.expected.locale] : [])));
    expect([...locales].sort()).toEqual(['de', 'en']);
  });

  it('covers every right and both laws among the mails to file', () => {
    const filed = mails.flatMap((m) => (m.expected.action === 'file' ? [m.expected] : []));
    expect(new Set(filed.flatMap((e) => e.rights)).size).toBe(8);
    expect(new Set(filed.map((e) => e.jurisdiction))).toEqual(new Set(['gdpr', 'ccpa']));
    expect(filed.filter((e) => e.agentFor).length).toBeGreaterThanOrEqual(3);
  });

  it.each(mails.map((m) => [m.name, m] as const))('%s comes out as labelled', async (_name, { raw: bytes, expected }) => {
    const mail = await parseMail(bytes);
    expect(outcomeOf(understandMail(mail, corpusContext(mail.from?.address, mail.replyTo)))).toEqual(expected);
  });

  it('files none wrongly and sends at most 10% to a person', async () => {
    const figures = await classifyCorpus();
    expect(figures.wronglyFiled).toBe(0);
    expect(figures.mismatches).toEqual([]);
    expect(figures.toTriage / figures.mails).toBeLessThanOrEqual(0.1);
  });

  it('reads a 25 MB mail, made here rather than committed, as the erasure it asks', async () => {
    const bytes = largeMail(25);
    expect(bytes.byteLength).toBeGreaterThan(25 * 1024 * 1024);
    const mail = await parseMail(bytes);
    expect(mail.attachments).toEqual([expect.objectContaining({ contentType: 'image/tiff', refused: 'type' })]);
    expect(outcomeOf(understandMail(mail, corpusContext(mail.from?.address, mail.replyTo)))).toEqual({
      action: 'file',
      rights: ['deletion'],
      jurisdiction: 'gdpr',
      locale: 'en',
    });
  }, 60_000);
});

describe('parseMail', () => {
  it('does not parse a message over 40 MB, and sends it to a person', async () => {
    const mail = await parseMail(new Uint8Array(MAX_MAIL_BYTES + 1));
    expect(mail).toMatchObject({ tooLarge: true, text: '' });
    expect(understandMail(mail, CONTEXT)).toMatchObject({ action: 'triage', reason: 'too-large' });
  });

  it('keeps a PDF authorization, and refuses one when the virus scan found something', async () => {
    const mail = withPdf('Agent <a@agent.example>', 'On behalf of b@example.de', Buffer.concat([PDF]));
    expect((await parseMail(mail)).attachments[0]).toMatchObject({ contentType: 'application/pdf', permission: { contentType: 'application/pdf' } });
    const scanned = (await parseMail(mail, { virusFound: true })).attachments[0];
    expect(scanned).toMatchObject({ refused: 'virus' });
    expect(scanned?.permission).toBeUndefined();
  });

  it('refuses an authorization over 2 MB', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]);
    expect((await parseMail(withPdf('Agent <a@agent.example>', 'x', big))).attachments[0]).toMatchObject({ refused: 'size' });
  });

  it('gives the Message-IDs a mail answers, In-Reply-To first', async () => {
    const mail = await parseMail(raw('a@example.de', 'Re: x', 'ok', ['In-Reply-To: <b@x>', 'References: <a@x> <b@x>']));
    expect(mail.replyTo).toEqual(['b@x', 'a@x']);
    expect(mail.messageId).toBe('t-1@mail.example.net');
  });
});

describe('stripQuotes', () => {
  it('cuts the quoted mail under a German or English reply header and the signature', () => {
    expect(stripQuotes('Bitte löschen.\n\nAm 1.12.2026 um 9:00 schrieb X <x@y.de>:\n> Auskunft')).toBe('Bitte löschen.');
    expect(stripQuotes('Delete it.\n-- \nOlivia\n')).toBe('Delete it.');
    expect(stripQuotes('Delete it.\n> a copy of my data\nthanks')).toBe('Delete it.\nthanks');
  });
});

describe('htmlToText', () => {
  it('reads blocks as lines, decodes entities and drops quotes and styles', () => {
    expect(htmlToText('<style>p{}</style><p>L&ouml;schen&#33;</p><blockquote>Auskunft</blockquote><div>Gr&#xfc;&szlig;e</div>')).toBe('Löschen!\n\nGrüße');
  });
});

describe('rightsAsked', () => {
  it('lets the narrower right win: a machine-readable copy is portability alone', () => {
    expect(rightsAsked('please send me a copy of my data in a machine-readable format').rights).toEqual(['portability']);
  });

  it('counts a negation against its right', () => {
    expect(rightsAsked('please do not delete my account, but send me a copy of my data').rights).toEqual(['access']);
  });

  it.each([
    ['please opt me back in to the sale of my data', 'en:opt in to sale'],
    ['You may sell my personal information again.', 'en:may sell my data again'],
    ['Den Verkauf meiner Daten möchte ich wieder erlauben.', 'de:Verkauf wieder erlauben'],
  ])('reads "%s" as a sale opt-in, not an opt-out', (text, label) => {
    // Act
    const asked = rightsAsked(text);

    // Assess
    expect(asked.rights).toEqual(['sale-opt-in']);
    expect(asked.why).toContain(`sale-opt-in:${label}`);
  });

  it('calls a single weak cue unclear, not asked', () => {
    expect(rightsAsked('can we delete this?')).toMatchObject({ rights: [], unclear: ['deletion'] });
  });
});

describe('understandMail', () => {
  it('ignores a mail SES judged spam', async () => {
    const mail = await parseMail(raw('a@example.de', 'x', 'Bitte löschen Sie meine Daten'));
    expect(understandMail(mail, { ...CONTEXT, spamVerdict: 'FAIL' })).toMatchObject({ action: 'ignore', reason: 'spam' });
  });

  it('sends a mail naming both laws to a person', async () => {
    const mail = await parseMail(raw('a@example.com', 'x', 'Under the GDPR and the CCPA, please delete my data.'));
    expect(understandMail(mail, CONTEXT)).toMatchObject({ action: 'triage', reason: 'jurisdiction-conflict' });
  });

  it('takes the law from the account directory when the mail names none', async () => {
    const mail = await parseMail(raw('m@example.com', 'x', 'Please delete my personal data.'));
    expect(understandMail(mail, { ...CONTEXT, account: { jurisdiction: 'ccpa' } })).toMatchObject({
      action: 'file',
      jurisdiction: 'ccpa',
      why: expect.arrayContaining(['account:jurisdiction']),
    });
  });

  it('records which phrases decided, never the words of the mail', async () => {
    const mail = await parseMail(raw('a@example.de', 'x', 'Bitte löschen Sie alle meine Daten, anna@example.de'));
    const understood = understandMail(mail, CONTEXT);
    expect(understood).toMatchObject({ action: 'file', rights: ['deletion'], why: ['deletion:de:löschen', 'language:de'] });
  });

  it('sends an agent without an attached authorization to a person', async () => {
    const mail = await parseMail(raw('agent@agent.example', 'x', 'On behalf of b@example.com (California): please delete her data.'));
    expect(understandMail(mail, CONTEXT)).toMatchObject({ action: 'triage', reason: 'agent-incomplete' });
  });

  it('writes in a language the deployment has', async () => {
    expect(detectLocale('Bitte löschen Sie meine Daten', { languages: ['en'] })).toBe('en');
    expect(detectLocale('Bitte löschen Sie meine Daten', { languages: ['de', 'en'] })).toBe('de');
  });
});
