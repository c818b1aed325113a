// The knowledge check: three facts the company holds, compared so that neither the answer nor its
// timing tells whether an account exists.
import type { Jurisdiction } from '../domain/request-model.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { normaliseEmail } from '../subject.js';

export interface BillingAddress {
  street: string;
  postalCode: string;
  city: string;
}

/** What the subject typed. */
export interface IdentityAnswers {
  email: string;
  address: BillingAddress;
  cardLast4: string;
}

/** What the account directory holds for an account. */
export interface AccountFacts {
  accountId: string;
  email: string;
  billingAddress: BillingAddress;
  cardLast4: string;
  /** The account holder's name, when the directory holds it: the identity provider's verified name is matched against it. */
  name?: string;
  /** The language the account is kept in (a tag such as `en` or `de-AT`), when the directory holds one. */
  locale?: string;
  /** The law the account's owner is under, when the directory holds it: a mail that names no law is filed under it. */
  jurisdiction?: Jurisdiction;
}

/** Failed answers a request survives; the next failure locks it. */
export const MAX_IDENTITY_ATTEMPTS = 5;

/** Abbreviations written out (after lower-casing and ß → ss). */
const ABBREVIATIONS: [RegExp, string][] = [
  [/str\.?(?=[\s\d]|$)/g, 'strasse'],
  [/\bst\b\.?/g, 'street'],
  [/\bave?\b\.?/g, 'avenue'],
  [/\brd\b\.?/g, 'road'],
  [/\bblvd\b\.?/g, 'boulevard'],
  [/\bdr\b\.?/g, 'drive'],
  [/\bpl\b\.?/g, 'platz'],
];

/**
 * One spelling for an address line: Unicode-normalised, lower case, ß as ss and umlauts as ae/oe/ue, common abbreviations
 * ("Str.", "St.", "Ave") written out, "Haupt Straße" joined like "Hauptstraße", punctuation
 * dropped, "5 a" as "5a", spaces collapsed.
 */
export function normaliseAddressPart(value: string): string {
  let text = value.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
  for (const [pattern, replacement] of ABBREVIATIONS) text = text.replace(pattern, replacement);
  return text
    .replace(/[.,;:'"`´#/\\()-]+/g, ' ')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/\s+strasse\b/g, 'strasse')
    .replace(/(\d)\s+([a-z])\b/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Postal codes compare without spaces and case ("10115", "SW1A 1AA" = "sw1a1aa"). */
function normalisePostalCode(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of two strings of any length (their digests have one length). */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Stands in when no account matches, so both paths do the same work. */
const NOBODY: AccountFacts = {
  accountId: '',
  email: 'nobody@invalid.invalid',
  billingAddress: { street: '\u0000', postalCode: '\u0000', city: '\u0000' },
  cardLast4: '\u0000\u0000\u0000\u0000',
};

/**
 * Whether the answers match `account` in every fact. Every comparison runs whatever the outcome
 * (no short-circuit) and an absent account is compared against a stand-in.
 */
export function answersMatch(account: AccountFacts | undefined, answers: IdentityAnswers): boolean {
  const facts = account ?? NOBODY;
  const results = [
    sameText(normaliseEmail(facts.email), normaliseEmail(answers.email)),
    sameText(normaliseAddressPart(facts.billingAddress.street), normaliseAddressPart(answers.address.street)),
    sameText(normalisePostalCode(facts.billingAddress.postalCode), normalisePostalCode(answers.address.postalCode)),
    sameText(normaliseAddressPart(facts.billingAddress.city), normaliseAddressPart(answers.address.city)),
    sameText(facts.cardLast4, answers.cardLast4.trim()),
  ];
  return account !== undefined && results.every(Boolean);
}
