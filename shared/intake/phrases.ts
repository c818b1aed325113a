// Email intake: the table the rules read a mail with. Every cue is a phrase with a weight and a
// label; the label (never the words matched) is what a request's audit records as the reason.
import type { Jurisdiction, Locale, RequestType } from '../domain/request-model.js';

export interface Phrase {
  /** Recorded in the audit as why a decision was taken, e.g. `de:löschen`. */
  label: string;
  pattern: RegExp;
  /** What the phrase adds to its right's score; negative for a negation ("bitte nicht löschen"). */
  weight: number;
}

/** A right is asked when its phrases add up to this; less than this but more than none is unclear. */
export const RIGHT_THRESHOLD = 1;
/** A right scoring at least this, but under the threshold, makes the mail unclear rather than silent. */
export const UNCLEAR_FLOOR = 0.5;

const phrase = (label: string, pattern: RegExp, weight = 1): Phrase => ({ label, pattern, weight });

/** The phrases per right and language. Patterns are case-insensitive and read the subject and the sender's own text. */
export const RIGHT_PHRASES: Record<RequestType, Record<Locale, Phrase[]>> = {
  access: {
    en: [
      phrase('en:copy of my data', /\b(a )?cop(y|ies) of (all )?(of )?(my|the) (personal )?(data|information|records)\b/i),
      phrase('en:access to my data', /\baccess (to )?(all )?(of )?my (personal )?(data|information)\b/i),
      phrase('en:right of access', /\bright (of|to) access\b/i),
      phrase('en:subject access request', /\b(data )?subject access request\b|\bDSAR\b/i),
      phrase('en:what data you hold', /\bwhat (personal )?(data|information) (you|do you|your company) (hold|have|store|keep|collect|process)/i),
      phrase('en:right to know', /\bright to know\b/i),
      phrase('en:send me my data', /\bsend me (a copy of )?(all )?(of )?(my|the) (personal )?(data|information)/i),
      phrase('en:specific pieces', /\bspecific pieces of (personal )?information\b/i),
      phrase('en:categories of personal information', /\bcategories of personal information\b/i, 0.6),
      phrase('cite:Art. 15', /\bart(icle|\.)?\s?15\b/i),
      phrase('cite:1798.110', /\b1798\.1(00|10|15)\b/),
    ],
    de: [
      phrase('de:Auskunft', /\bauskunft/i),
      phrase('de:Kopie meiner Daten', /\bkopie (aller |sämtlicher )?(meiner|der (über|zu) mir gespeicherten|meine[rn]?) (personenbezogenen )?daten/i),
      phrase('de:welche Daten gespeichert', /\bwelche (personenbezogenen )?daten .{0,60}(gespeichert|speichern|verarbeiten|haben)/i),
      phrase('cite:Art. 15', /\bart(ikel|\.)?\s?15\b/i),
    ],
  },
  portability: {
    en: [
      phrase('en:portability', /\bportab(le|ility)\b/i),
      phrase('en:machine-readable', /\bmachine[- ]readable\b/i),
      phrase('en:transfer my data', /\btransfer (all )?(of )?my (personal )?data to\b/i, 0.6),
      phrase('cite:Art. 20', /\bart(icle|\.)?\s?20\b/i),
    ],
    de: [
      phrase('de:Datenübertragbarkeit', /\bdatenübertragbarkeit|übertragbarkeit meiner daten/i),
      phrase('de:maschinenlesbar', /\bmaschinenlesbar/i),
      phrase('cite:Art. 20', /\bart(ikel|\.)?\s?20\b/i),
    ],
  },
  deletion: {
    en: [
      phrase(
        'en:delete my data',
        /\b(delete|erase|remove|wipe) (all )?(of )?(my|his|her|their|the|your records of my) (personal )?(data|information|details|account|records|profile)/i,
      ),
      phrase('en:erasure', /\berasure\b/i),
      phrase('en:right to be forgotten', /\bright to be forgotten\b/i),
      phrase('en:deletion of my data', /\b(deletion|erasure) of (all )?(of )?(my|his|her|their|the) (personal )?(data|information)/i),
      phrase('en:deletion', /\bdeletion\b/i, 0.8),
      phrase('en:delete', /\b(delete|erase)\b/i, 0.5),
      phrase('cite:Art. 17', /\bart(icle|\.)?\s?17\b/i),
      phrase('cite:1798.105', /\b1798\.105\b/),
      phrase('en:do not delete', /\b(do not|don't|please don't|not to) (delete|erase|remove)\b/i, -3),
    ],
    de: [
      phrase('de:löschen', /\blösch(en|ung|t)\b|\bzu löschen\b/i),
      phrase('de:Vergessenwerden', /\bvergessenwerden\b/i),
      phrase('de:Daten entfernen', /\b(entfernen|vernichten) sie (bitte )?(alle |sämtliche )?meine (personenbezogenen )?daten/i),
      phrase('cite:Art. 17', /\bart(ikel|\.)?\s?17\b/i),
      phrase('de:nicht löschen', /\bnicht (zu )?lösch|\bkeine löschung/i, -3),
    ],
  },
  objection: {
    en: [phrase('en:object to', /\b(i )?object to\b/i), phrase('en:objection', /\bobjection\b/i), phrase('cite:Art. 21', /\bart(icle|\.)?\s?21\b/i)],
    de: [phrase('de:Widerspruch', /\bwiderspr(uch|eche|echen)\b/i), phrase('cite:Art. 21', /\bart(ikel|\.)?\s?21\b/i)],
  },
  'consent-withdrawal': {
    en: [
      phrase('en:withdraw my consent', /\b(withdraw|revoke|withdrawal of|revocation of) (all )?(of )?(my )?consents?\b/i),
      phrase('cite:Art. 7(3)', /\bart(icle|\.)?\s?7\s?\(3\)/i),
    ],
    de: [
      phrase(
        'de:Einwilligung widerrufen',
        /\bwiderruf\w* (hiermit )?(ich )?(hiermit )?(meine[rn]? |die |alle[rn]? )?einwilligung|\beinwilligung\w* .{0,40}widerruf/i,
      ),
      phrase('cite:Art. 7(3)', /\bart(ikel|\.)?\s?7\s?abs\.?\s?3|\bart(ikel|\.)?\s?7\s?\(3\)/i),
    ],
  },
  'sale-opt-out': {
    en: [
      phrase('en:do not sell', /\b(do not|don't|dont|stop) (sell|selling|share|sharing)\b/i),
      phrase('en:opt out of sale', /\bopt[- ]?out of (the )?(sale|selling|sharing)\b/i),
      phrase('cite:1798.120', /\b1798\.1(20|35)\b/),
    ],
    de: [phrase('de:nicht verkaufen', /\bnicht (zu )?verkaufen|\bverkauf meiner (personenbezogenen )?daten/i)],
  },
  'sale-opt-in': {
    en: [
      phrase('en:opt in to sale', /\bopt(ing)?[- ]?(me )?(back )?in(to| to) (the )?(sale|selling|sharing)\b/i),
      phrase('en:may sell my data again', /\b(you )?(may|can) (sell|share) my (personal )?(data|information) again\b/i),
    ],
    de: [
      phrase(
        'de:Verkauf wieder erlauben',
        /\b(verkauf|weitergabe) meiner (personenbezogenen )?daten\b.{0,40}\bwieder (erlauben|zulassen|gestatten)|\bwieder (erlauben|zulassen|gestatten)\b.{0,40}\b(verkauf|weitergabe) meiner/i,
      ),
    ],
  },
  'marketing-opt-out': {
    en: [
      phrase('en:unsubscribe', /\bunsubscribe\b/i),
      phrase('en:stop marketing mail', /\b(stop|no more) (sending me )?(any )?(marketing|promotional|newsletters?|advertising)\b/i),
      phrase('en:remove me from the list', /\bremove me from (your |the |all )?(mailing|marketing|newsletter|email)/i),
      phrase('en:opt out of marketing', /\bopt[- ]?out of (all )?(marketing|newsletters?|promotional)/i),
    ],
    de: [
      phrase(
        'de:abmelden',
        /\b(newsletter|verteiler|werbe-?e-?mails?)\b.{0,40}\b(abmelden|abbestellen|austragen)\b|\b(abmelden|abbestellen|austragen)\b.{0,40}\bnewsletter/i,
      ),
      phrase('de:abbestellen', /\babbestell/i),
      phrase('de:melden Sie mich ab', /\bmelden sie mich\b.{0,40}\bab\b/i),
      phrase('de:keine Werbung', /\bkeine (weitere[n]? )?(werbung|werbe-?e-?mails?|newsletter)\b/i),
    ],
  },
  'third-party-disclosure': {
    en: [
      phrase('en:shine the light', /\bshine the light\b/i),
      phrase('cite:1798.83', /\b1798\.83\b/),
      phrase('en:third parties for direct marketing', /\bthird parties\b.{0,80}\bdirect marketing\b/i),
    ],
    de: [phrase('en:shine the light', /\bshine the light\b/i), phrase('de:Dritte für Werbung', /\bdritte\b.{0,80}\b(werbe|marketing)zweck/i)],
  },
};

/**
 * Rights whose phrases also match another's: when both score, the narrower right is what was asked
 * ("a machine-readable copy" is portability, not also access; "which third parties received my
 * data for direct marketing" is the Shine the Light list; "object to marketing" needs no second request).
 */
export const SUPERSEDES: Partial<Record<RequestType, RequestType[]>> = {
  portability: ['access'],
  'third-party-disclosure': ['access', 'objection'],
  'sale-opt-out': ['objection'],
  'sale-opt-in': ['sale-opt-out'],
  'marketing-opt-out': ['objection'],
};

/** Cues of the law a mail invokes. */
export const JURISDICTION_PHRASES: Record<Jurisdiction, Phrase[]> = {
  ccpa: [
    phrase('ccpa:California', /\bcalifornia\b|\bkalifornien\b/i),
    phrase('ccpa:CCPA', /\bccpa\b|\bcpra\b/i),
    phrase('ccpa:Do Not Sell', /\bdo not sell\b/i),
    phrase('ccpa:Shine the Light', /\bshine the light\b/i),
    phrase('ccpa:Civil Code', /\b1798\.\d+\b/),
  ],
  gdpr: [
    phrase('gdpr:GDPR', /\b(uk )?gdpr\b|\bdsgvo\b|\bdatenschutz-?grundverordnung\b|\bgeneral data protection regulation\b/i),
    phrase('gdpr:article', /\bart(icle|ikel|\.)?\s?(7|15|16|17|18|20|21)\b(?!\s?\()/i),
  ],
};

/** Someone writes for another person. */
export const AGENT_PHRASES: Phrase[] = [
  phrase('en:on behalf of', /\bon behalf of\b/i),
  phrase('en:authorized agent', /\bauthori[sz]ed (agent|representative)\b/i),
  phrase('en:my client', /\bmy client\b/i),
  phrase('en:power of attorney', /\bpower of attorney\b/i),
  phrase('de:im Namen von', /\bim (namen|auftrag) (von|meine[rs]?|unsere[rs]?)\b/i),
  phrase('de:Vollmacht', /\bvollmacht\b|\bbevollmächtigt/i),
  phrase('de:Mandant', /\bmandant(in|en|schaft)?\b/i),
];

/** A question about rights rather than the use of one: a person answers it. */
export const QUESTION_PHRASES: Phrase[] = [
  phrase('en:how can I', /\bhow (can|do|would|should) i\b/i),
  phrase('en:is it possible', /\bis it possible\b|\bwhat happens (if|when)\b|\bcan you (tell|explain)\b/i),
  phrase('de:wie kann ich', /\bwie (kann|muss|soll) ich\b|\bwie lange\b/i),
  phrase('de:ist es möglich', /\bist es möglich\b|\bwas passiert\b|\bkönnen sie mir (sagen|erklären)\b/i),
];

/** A complaint: a person reads it, whatever else it asks. */
export const COMPLAINT_PHRASES: Phrase[] = [
  phrase('en:complaint', /\bcomplain(t|ing)?\b|\bunacceptable\b|\boutrageous\b/i),
  phrase('de:Beschwerde', /\bbeschwer(de|e|en)\b|\binakzeptabel\b|\bunverschämt/i),
];

/** What unsolicited commercial mail says; a mail scoring 1 is not a request, and gets no answer. */
export const SPAM_PHRASES: Phrase[] = [
  phrase('spam:seo', /\bseo (services|ranking|agency)\b|\bbacklinks?\b|\bguest post/i),
  phrase('spam:crypto', /\b(crypto(currency)?|bitcoin) (investment|opportunity|profits?)\b/i),
  phrase('spam:prize', /\byou (have|'ve) won\b|\blottery\b|\bclaim your (prize|reward)\b|\bsie haben gewonnen\b/i),
  phrase('spam:pharmacy', /\bviagra\b|\bcialis\b|\bonline pharmacy\b/i),
  phrase('spam:offer', /\blimited[- ]time offer\b|\bact now\b|\b100% free\b/i, 0.5),
];

/** Words that tell German from English text; the count of each decides the answer's language. */
export const LANGUAGE_WORDS: Record<Locale, ReadonlySet<string>> = {
  de: new Set(
    'und ich die der das meine meiner meinen mein bitte nicht mit sie ihre ihrem ihren von zu ist alle aller daten sehr geehrte damen herren hiermit freundlichen grüßen gruß über für auf eine einen einer wir uns dass auch haben habe'.split(
      ' ',
    ),
  ),
  en: new Set(
    'and i the my please of to you your data all is with dear sir madam hereby regards thank thanks for on a an we us that also have has this would like request'.split(
      ' ',
    ),
  ),
};

/** Senders that are machines: bounces, no-reply addresses. */
export const MACHINE_SENDER = /^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?)([+-].*)?@/i;

/** Subjects of automatic replies that carry no RFC 3834 header (older clients, some gateways). */
export const AUTO_REPLY_SUBJECT =
  /^\s*(automatic reply|auto(matische)?[- ]?(reply|antwort)|out of (the )?office|abwesenheitsnotiz|abwesend|undeliverable|undelivered mail|delivery status notification|unzustellbar|returned mail)\b/i;
