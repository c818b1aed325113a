// How a subject is told where to complain: the configured bodies for a law, as one line of text.
import type { AuthorityInfo } from '../config.js';
import type { Locale } from '../domain/request-model.js';

const OR: Record<Locale, string> = { de: ' oder ', en: ' or ' };

/** The bodies a subject may complain to, each as name, address and web address, joined as alternatives. */
export function authorityText(authorities: readonly AuthorityInfo[], locale: Locale): string {
  return authorities.map((a) => [a.name[locale], a.address, a.url].filter(Boolean).join(', ')).join(OR[locale]);
}
