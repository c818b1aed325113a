// Email intake, second step: what a parsed mail asks, under which law, in which language, and by whom.
// Pure rules over the phrase table (phrases.ts); the reasons recorded are the phrases' labels.
import { JURISDICTIONS, LOCALES, REQUEST_TYPES, type Jurisdiction, type Locale, type RequestType } from '../domain/request-model.js';
import type { PermissionContentType } from '../requests/permission-documents.js';
import type { ParsedMail } from './parse-mail.js';
import {
  AGENT_PHRASES,
  AUTO_REPLY_SUBJECT,
  COMPLAINT_PHRASES,
  JURISDICTION_PHRASES,
  LANGUAGE_WORDS,
  MACHINE_SENDER,
  QUESTION_PHRASES,
  RIGHT_PHRASES,
  RIGHT_THRESHOLD,
  SPAM_PHRASES,
  SUPERSEDES,
  UNCLEAR_FLOOR,
  type Phrase,
} from './phrases.js';

/** Mail that gets neither a request nor an answer. */
export const IGNORE_REASONS = ['auto-submitted', 'bulk', 'bounce', 'machine-sender', 'own-mail', 'spam'] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

/** Why a person has to read a mail. */
export const TRIAGE_REASONS = [
  'malformed',
  'too-large',
  'no-sender',
  'no-right',
  'unclear',
  'question',
  'complaint',
  'jurisdiction-unclear',
  'jurisdiction-conflict',
  'agent-incomplete',
  'forwarded-for-another',
  'reply-asks',
] as const;
export type TriageReason = (typeof TRIAGE_REASONS)[number];

/** An agent writing for a subject, with the authorization attached. */
export interface AgentClaim {
  name: string;
  email: string;
  subjectEmail: string;
  permission: { contentType: PermissionContentType; content: Buffer };
}

export type Understanding =
  | { action: 'ignore'; reason: IgnoreReason; why: string[] }
  | { action: 'file'; rights: RequestType[]; jurisdiction: Jurisdiction; locale: Locale; agent?: AgentClaim; why: string[] }
  | { action: 'triage'; reason: TriageReason; locale: Locale; rights: RequestType[]; why: string[] }
  /** A reply to one of our notices: recorded on its request; `asks` when a person must read it (it then also goes to triage). */
  | { action: 'correspondence'; requestId: string; automatic: boolean; asks: boolean; locale: Locale; why: string[] };

export interface UnderstandContext {
  /** The addresses the deployment receives at and sends from: mail from them is our own. */
  ourAddresses: readonly string[];
  /** The languages the deployment writes in. */
  languages: readonly Locale[];
  /** The request whose notice this mail answers, found by the Message-ID we sent (never guessed). */
  repliesToRequest?: string;
  /** What the account directory holds on the sender, when it knows them. */
  account?: { jurisdiction?: Jurisdiction; locale?: string };
  /** SES's spam verdict, when SES received the mail. */
  spamVerdict?: 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';
}

/** Top-level domains of the EU, the EEA, Switzerland and the United Kingdom: a sender there is under the GDPR when nothing else says. */
const GDPR_TLDS = new Set('at be bg ch cy cz de dk ee es eu fi fr gr hr hu ie is it li lt lu lv mt nl no pl pt ro se si sk uk'.split(' '));

/**
 * Decides what to do with a mail. In this order: mail from machines and lists is ignored (a reply
 * to our notice is still recorded on its request); a mail the parser could not read, or from no
 * sender, goes to triage; a reply to our notice is correspondence; spam is ignored; then the rights
 * asked, the law, the language and an agent. Anything not clearly one or more rights goes to
 * triage: nothing is guessed.
 */
export function understandMail(mail: ParsedMail, context: UnderstandContext): Understanding {
  const text = `${mail.subject}\n${mail.text}`;
  const locale = detectLocale(`${text}\n${mail.forwarded?.text ?? ''}`, context);
  const automatic = automaticReason(mail, context);
  if (automatic && context.repliesToRequest) {
    return { action: 'correspondence', requestId: context.repliesToRequest, automatic: true, asks: false, locale, why: [automatic] };
  }
  if (automatic) return { action: 'ignore', reason: automatic, why: [] };
  if (mail.tooLarge) return { action: 'triage', reason: 'too-large', locale, rights: [], why: [] };
  if (mail.malformed) return { action: 'triage', reason: 'malformed', locale, rights: [], why: [] };
  if (!mail.from) return { action: 'triage', reason: 'no-sender', locale, rights: [], why: [] };

  // A forwarded mail: the forwarder's own words, and the forwarded text when it is the sender's own earlier mail.
  const ownForward = mail.forwarded && (!mail.forwarded.from || mail.forwarded.from === mail.from.address);
  const read = ownForward && mail.forwarded ? `${text}\n${mail.forwarded.text}` : text;
  const spam = scoreAll(SPAM_PHRASES, read);
  if (context.spamVerdict === 'FAIL') return { action: 'ignore', reason: 'spam', why: ['ses:spam-verdict'] };

  const asked = rightsAsked(read);
  const questions = matchAll(QUESTION_PHRASES, read);
  const complaints = matchAll(COMPLAINT_PHRASES, read);
  const why = [...asked.why, ...questions, ...complaints];

  if (context.repliesToRequest) {
    const asks = asked.rights.length > 0 || asked.unclear.length > 0 || questions.length > 0 || complaints.length > 0;
    return { action: 'correspondence', requestId: context.repliesToRequest, automatic: false, asks, locale, why };
  }
  if (spam.score >= RIGHT_THRESHOLD && asked.rights.length === 0) return { action: 'ignore', reason: 'spam', why: spam.why };
  if (mail.forwarded && !ownForward) return { action: 'triage', reason: 'forwarded-for-another', locale, rights: asked.rights, why };
  if (complaints.length > 0) return { action: 'triage', reason: 'complaint', locale, rights: asked.rights, why };
  if (questions.length > 0) return { action: 'triage', reason: 'question', locale, rights: asked.rights, why };
  if (asked.unclear.length > 0) return { action: 'triage', reason: 'unclear', locale, rights: asked.rights, why };
  if (asked.rights.length === 0) return { action: 'triage', reason: 'no-right', locale, rights: [], why };

  const law = jurisdictionOf(read, mail.from.address, locale, context);
  if ('reason' in law) return { action: 'triage', reason: law.reason, locale, rights: asked.rights, why: [...why, ...law.why] };

  const agentCues = matchAll(AGENT_PHRASES, read);
  if (agentCues.length === 0) return { action: 'file', rights: asked.rights, jurisdiction: law.jurisdiction, locale, why: [...why, ...law.why] };
  const agent = agentClaim(mail, read, context);
  if (!agent) return { action: 'triage', reason: 'agent-incomplete', locale, rights: asked.rights, why: [...why, ...agentCues] };
  return { action: 'file', rights: asked.rights, jurisdiction: law.jurisdiction, locale, agent, why: [...why, ...law.why, ...agentCues] };
}

/** Why a mail must not be answered (RFC 3834 and its kin), or nothing when a person wrote it. */
function automaticReason(mail: ParsedMail, context: UnderstandContext): IgnoreReason | undefined {
  const { headers } = mail;
  if (headers['auto-submitted'] && headers['auto-submitted'].toLowerCase() !== 'no') return 'auto-submitted';
  if (headers['x-autoreply'] || /\b(oof|autoreply)\b/i.test(headers['x-auto-response-suppress'] ?? '')) return 'auto-submitted';
  if (/^(bulk|list|junk|auto_reply)$/i.test(headers.precedence ?? '')) return 'bulk';
  if (headers['list-id'] || headers['list-unsubscribe']) return 'bulk';
  if (/multipart\/report/i.test(headers['content-type'] ?? '') && /delivery-status|disposition-notification/i.test(headers['content-type'] ?? ''))
    return 'bounce';
  if (mail.from && MACHINE_SENDER.test(mail.from.address)) return 'machine-sender';
  if (mail.from && context.ourAddresses.some((ours) => ours.toLowerCase() === mail.from?.address)) return 'own-mail';
  if (AUTO_REPLY_SUBJECT.test(mail.subject)) return 'auto-submitted';
  return undefined;
}

/** The rights whose phrases reach the threshold (narrower rights winning), and those that only come close. */
export function rightsAsked(text: string): { rights: RequestType[]; unclear: RequestType[]; why: string[] } {
  const scores = REQUEST_TYPES.map((type) => {
    const all = [...RIGHT_PHRASES[type].en, ...RIGHT_PHRASES[type].de].filter((p, i, list) => list.findIndex((q) => q.label === p.label) === i);
    return { type, ...scoreAll(all, text) };
  });
  const reached = new Set(scores.filter((s) => s.score >= RIGHT_THRESHOLD).map((s) => s.type));
  for (const type of [...reached]) for (const narrower of SUPERSEDES[type] ?? []) reached.delete(narrower);
  const superseded = new Set([...reached].flatMap((type) => SUPERSEDES[type] ?? []));
  const unclear = scores
    .filter((s) => !reached.has(s.type) && !superseded.has(s.type) && s.score >= UNCLEAR_FLOOR && s.score < RIGHT_THRESHOLD)
    .map((s) => s.type);
  return {
    rights: REQUEST_TYPES.filter((type) => reached.has(type)),
    unclear,
    why: scores.filter((s) => reached.has(s.type) || unclear.includes(s.type)).flatMap((s) => s.why.map((label) => `${s.type}:${label}`)),
  };
}

/** The law: the mail's cues, else the account directory's record, else a German text or a sender in Europe. */
function jurisdictionOf(
  text: string,
  sender: string,
  locale: Locale,
  context: UnderstandContext,
): { jurisdiction: Jurisdiction; why: string[] } | { reason: 'jurisdiction-unclear' | 'jurisdiction-conflict'; why: string[] } {
  const cued = JURISDICTIONS.map((law) => ({ law, ...scoreAll(JURISDICTION_PHRASES[law], text) })).filter((c) => c.score >= RIGHT_THRESHOLD);
  if (cued.length > 1) return { reason: 'jurisdiction-conflict', why: cued.flatMap((c) => c.why) };
  if (cued.length === 1) return { jurisdiction: cued[0]!.law, why: cued[0]!.why };
  if (context.account?.jurisdiction) return { jurisdiction: context.account.jurisdiction, why: ['account:jurisdiction'] };
  if (locale === 'de' && /\b(und|ich|bitte|meine)\b/i.test(text)) return { jurisdiction: 'gdpr', why: ['language:de'] };
  const tld = sender.slice(sender.lastIndexOf('.') + 1).toLowerCase();
  if (GDPR_TLDS.has(tld)) return { jurisdiction: 'gdpr', why: [`sender-domain:.${tld}`] };
  return { reason: 'jurisdiction-unclear', why: [] };
}

/** German or English, by which language's common words the text uses more; the account's language breaks a tie. */
export function detectLocale(text: string, context: Pick<UnderstandContext, 'languages' | 'account'>): Locale {
  const words = text.toLowerCase().match(/[a-zäöüß]+/g) ?? [];
  const count = (locale: Locale) =>
    words.filter((w) => LANGUAGE_WORDS[locale].has(w)).length + (locale === 'de' ? (text.match(/[äöüß]/gi)?.length ?? 0) / 3 : 0);
  const [de, en] = [count('de'), count('en')];
  const account = LOCALES.find((l) => context.account?.locale?.toLowerCase().startsWith(l));
  const detected: Locale = de > en ? 'de' : en > de ? 'en' : (account ?? 'en');
  return context.languages.includes(detected) ? detected : (context.languages[0] ?? 'en');
}

/** The agent's claim: the subject's address named in the text and a PDF/PNG/JPEG authorization attached; otherwise nothing. */
function agentClaim(mail: ParsedMail, text: string, context: UnderstandContext): AgentClaim | undefined {
  const sender = mail.from!;
  const ours = new Set(context.ourAddresses.map((a) => a.toLowerCase()));
  const addresses = (text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? []).map((a) => a.toLowerCase());
  const subjectEmail = addresses.find((a) => a !== sender.address && !ours.has(a));
  const permission = mail.attachments.find((a) => a.permission)?.permission;
  if (!subjectEmail || !permission) return undefined;
  return { name: sender.name.trim() || sender.address, email: sender.address, subjectEmail, permission };
}

function scoreAll(phrases: readonly Phrase[], text: string): { score: number; why: string[] } {
  const hits = phrases.filter((p) => p.pattern.test(text));
  return { score: hits.reduce((sum, p) => sum + p.weight, 0), why: hits.map((p) => p.label) };
}

const matchAll = (phrases: readonly Phrase[], text: string): string[] => phrases.filter((p) => p.pattern.test(text)).map((p) => p.label);
