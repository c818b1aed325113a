// The labelled corpus of inbound mails (test/fixtures/mail) and what the rules should make of each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jurisdiction, Locale, RequestType } from '../../shared/domain/request-model.js';
import { parseMail } from '../../shared/intake/parse-mail.js';
import { understandMail, type Understanding, type UnderstandContext } from '../../shared/intake/understand-mail.js';

export const MAIL_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');

export type ExpectedOutcome =
  | { action: 'file'; rights: RequestType[]; jurisdiction: Jurisdiction; locale: Locale; agentFor?: string }
  | { action: 'triage'; reason: string; locale: Locale }
  | { action: 'ignore'; reason: string }
  | { action: 'correspondence'; automatic: boolean; asks: boolean; locale: Locale };

interface Labels {
  /** The Message-IDs of notices we sent, and their requests. */
  notices: Record<string, string>;
  mails: Record<string, ExpectedOutcome>;
}

export const CORPUS_LABELS: Labels = JSON.parse(readFileSync(join(MAIL_FIXTURES, 'labels.json'), 'utf8'));

/** Every labelled mail: file name, raw bytes, expected outcome. */
export function corpus(): Array<{ name: string; raw: Buffer; expected: ExpectedOutcome }> {
  const files = readdirSync(MAIL_FIXTURES).filter((f) => f.endsWith('.eml'));
  return files.sort().map((name) => ({ name, raw: readFileSync(join(MAIL_FIXTURES, name)), expected: CORPUS_LABELS.mails[name]! }));
}

/** What the demo's account directory holds on its customers (local/demo-data.ts): law and language. */
export const DEMO_ACCOUNTS: Record<string, { jurisdiction: Jurisdiction; locale: Locale }> = {
  'anna.schmidt@example.com': { jurisdiction: 'gdpr', locale: 'de' },
  'jonas.weber@example.org': { jurisdiction: 'gdpr', locale: 'de' },
  'lea.mueller@example.net': { jurisdiction: 'gdpr', locale: 'de' },
  'maria.garcia@example.com': { jurisdiction: 'ccpa', locale: 'en' },
  'james.chen@example.org': { jurisdiction: 'ccpa', locale: 'en' },
  'olivia.brown@example.co.uk': { jurisdiction: 'gdpr', locale: 'en' },
};

/** The context the rules get for a mail from `sender` answering `replyTo`, as intake builds it. */
export function corpusContext(sender: string | undefined, replyTo: readonly string[]): UnderstandContext {
  const notice = replyTo.find((id) => CORPUS_LABELS.notices[id]);
  const account = sender ? DEMO_ACCOUNTS[sender] : undefined;
  return {
    ourAddresses: ['privacy@example.com'],
    languages: ['de', 'en'],
    ...(notice ? { repliesToRequest: CORPUS_LABELS.notices[notice]! } : {}),
    ...(account ? { account } : {}),
  };
}

/** What the rules made of a mail, in the shape of its label. */
export function outcomeOf(understanding: Understanding): ExpectedOutcome {
  switch (understanding.action) {
    case 'file':
      return {
        action: 'file',
        rights: understanding.rights,
        jurisdiction: understanding.jurisdiction,
        locale: understanding.locale,
        ...(understanding.agent ? { agentFor: understanding.agent.subjectEmail } : {}),
      };
    case 'triage':
      return { action: 'triage', reason: understanding.reason, locale: understanding.locale };
    case 'ignore':
      return { action: 'ignore', reason: understanding.reason };
    case 'correspondence':
      return { action: 'correspondence', automatic: understanding.automatic, asks: understanding.asks, locale: understanding.locale };
  }
}

/** The corpus figures: mails filed as labelled, filed wrongly (any difference, or filed when it should not be), and sent to a person. */
export interface CorpusFigures {
  mails: number;
  filedCorrectly: number;
  wronglyFiled: number;
  /** Mails a person must read: triage, and replies to our notices that ask for something. */
  toTriage: number;
  /** Mails whose outcome differs from the label in any way. */
  mismatches: string[];
}

/** Parses and reads every corpus mail with the rules, and counts. */
export async function classifyCorpus(): Promise<CorpusFigures> {
  const figures: CorpusFigures = { mails: 0, filedCorrectly: 0, wronglyFiled: 0, toTriage: 0, mismatches: [] };
  for (const { name, raw, expected } of corpus()) {
    const mail = await parseMail(raw);
    const got = outcomeOf(understandMail(mail, corpusContext(mail.from?.address, mail.replyTo)));
    const same = JSON.stringify(got) === JSON.stringify(expected);
    figures.mails += 1;
    if (got.action === 'file' && same) figures.filedCorrectly += 1;
    if (got.action === 'file' && !same) figures.wronglyFiled += 1;
    if (got.action === 'triage' || (got.action === 'correspondence' && got.asks)) figures.toTriage += 1;
    if (!same) figures.mismatches.push(name);
  }
  return figures;
}

/**
 * A mail of about `megabytes` MB, made at test time rather than committed: an English erasure
 * request from a GDPR customer with a large photo attached (not an authorization: no agent writes).
 */
export function largeMail(megabytes: number): Buffer {
  const lineBytes = 76;
  const line = `${'A'.repeat(lineBytes - 1)}Q\r\n`;
  const lines = Math.ceil((megabytes * 1024 * 1024) / (lineBytes + 2));
  const head = [
    'From: Olivia Brown <olivia.brown@example.co.uk>',
    'To: privacy@example.com',
    'Subject: Erasure request',
    'Message-ID: <large-mail@mail.example.net>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="large"',
    '',
    '--large',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, please delete all of my personal data. Olivia',
    '--large',
    'Content-Type: image/tiff; name="holiday.tiff"',
    'Content-Disposition: attachment; filename="holiday.tiff"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(line.repeat(lines)), Buffer.from('--large--\r\n')]);
}
