// The words notices and subject pages use for the domain's values, in every locale the system writes.
import type { Jurisdiction, Locale, RequestType } from '../domain/request-model.js';

/** Why an operator refused a request; each code has its own explanation in the denial notice. */
export const DENIAL_CODES = ['unverified', 'manifestly-unfounded', 'excessive', 'exemption', 'no-data'] as const;
export type DenialCode = (typeof DENIAL_CODES)[number];

/**
 * What the subject asked for, as a noun phrase that reads after "Anfrage:" / "request:". Where a
 * name stands alone (a page's facts), `capitalise` it.
 */
export const REQUEST_TYPE_NAMES: Record<RequestType, Record<Locale, string>> = {
  access: { de: 'Auskunft über Ihre Daten', en: 'access to your data' },
  portability: { de: 'Übertragung Ihrer Daten', en: 'a portable copy of your data' },
  deletion: { de: 'Löschung Ihrer Daten', en: 'deletion of your data' },
  objection: { de: 'Widerspruch gegen die Verarbeitung Ihrer Daten', en: 'objection to the processing of your data' },
  'consent-withdrawal': { de: 'Widerruf Ihrer Einwilligung', en: 'withdrawal of your consent' },
  'sale-opt-out': {
    de: 'Widerspruch gegen Verkauf und Weitergabe Ihrer Daten',
    en: 'opt-out of the sale or sharing of your data',
  },
  'sale-opt-in': {
    de: 'Einwilligung in Verkauf und Weitergabe Ihrer Daten (Opt-in)',
    en: 'opt-in to the sale or sharing of your data',
  },
  'marketing-opt-out': { de: 'Abmeldung von Werbe-E-Mails', en: 'opt-out of marketing emails' },
  // Both laws' rights: the recipients of any purpose (GDPR Art. 15(1)(c)), or those for direct marketing (Cal. Civ. Code 1798.83); the answer says which.
  'third-party-disclosure': { de: 'Auskunft über die Empfänger Ihrer Daten', en: 'the recipients of your data' },
};

/** A second table because its reader differs: without "your", for someone other than the subject (an agent). */
export const IMPERSONAL_REQUEST_TYPE_NAMES: Record<RequestType, Record<Locale, string>> = {
  access: { de: 'Auskunft', en: 'access' },
  portability: { de: 'Datenübertragbarkeit', en: 'data portability' },
  deletion: { de: 'Löschung', en: 'deletion' },
  objection: { de: 'Widerspruch gegen die Verarbeitung', en: 'objection to processing' },
  'consent-withdrawal': { de: 'Widerruf der Einwilligung', en: 'withdrawal of consent' },
  'sale-opt-out': { de: 'Widerspruch gegen Verkauf und Weitergabe', en: 'opt-out of sale or sharing' },
  'sale-opt-in': { de: 'Einwilligung in Verkauf und Weitergabe (Opt-in)', en: 'opt-in to sale or sharing' },
  'marketing-opt-out': { de: 'Abmeldung von Werbe-E-Mails', en: 'opt-out of marketing emails' },
  'third-party-disclosure': { de: 'Auskunft über Empfänger der Daten', en: 'recipients of the data' },
};

export const JURISDICTION_NAMES: Record<Jurisdiction, Record<Locale, string>> = {
  gdpr: { de: 'Datenschutz-Grundverordnung (DSGVO)', en: 'General Data Protection Regulation (GDPR)' },
  ccpa: { de: 'California Consumer Privacy Act (CCPA)', en: 'California Consumer Privacy Act (CCPA)' },
};

/** The ground of a denial as the subject reads it; the operator's own reason follows it. */
export const DENIAL_EXPLANATIONS: Record<DenialCode, Record<Locale, string>> = {
  unverified: {
    de: 'Wir konnten nicht feststellen, dass die Anfrage von Ihnen stammt.',
    en: 'We could not verify that the request came from you.',
  },
  'manifestly-unfounded': {
    de: 'Die Anfrage ist offenkundig unbegründet.',
    en: 'The request is manifestly unfounded.',
  },
  excessive: {
    de: 'Die Anfrage ist exzessiv, insbesondere weil sie häufig wiederholt wurde.',
    en: 'The request is excessive, in particular because it has been repeated often.',
  },
  exemption: {
    de: 'Eine gesetzliche Ausnahme erlaubt oder verpflichtet uns, die Anfrage nicht auszuführen.',
    en: 'A legal exemption allows or requires us not to carry out the request.',
  },
  'no-data': {
    de: 'Wir verarbeiten keine personenbezogenen Daten über Sie.',
    en: 'We do not hold any personal data about you.',
  },
};

/** `phrase` with its first letter in upper case, for a noun phrase that stands alone. */
export function capitalise(phrase: string, locale: Locale): string {
  return phrase.charAt(0).toLocaleUpperCase(locale) + phrase.slice(1);
}
