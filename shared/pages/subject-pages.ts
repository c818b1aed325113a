// The pages behind the emailed verification link: confirm, prove identity, and every way that can end.
import type { Jurisdiction, Locale, RequestType } from '../domain/request-model.js';
import { formatCalendarDate, formatDate, formatInstant } from '../text/dates.js';
import { html, type SafeHtml } from '../text/html.js';
import { capitalise, REQUEST_TYPE_NAMES } from '../text/vocabulary.js';
import { renderDocument, type PageController, type PageTone } from './layout.js';
import { SUBJECT_TEXTS, type Ending, type FieldProblem, type SubjectTexts } from './subject-texts.js';
import { PROVIDER_TEXTS, providerOffer, providerPageTexts, type ProviderPageKind } from './identity-provider-pages.js';

export type { Ending, FieldProblem } from './subject-texts.js';

/**
 * What the subject sees at `/v1/verify/{token}` and `/v1/verify/{token}/identity`.
 *
 * - `confirm`: the GET of the link. Its form posts back to the page URL, so `token` is not rendered.
 * - `identity`: the knowledge check. Served at the link URL, its form posts to `{token}/identity`;
 *   served as the answer to that POST (`postsToSelf`, which defaults to `failed`), it posts back to
 *   its own URL. Both are relative, so they work under an API Gateway stage prefix.
 * - `invalid` stands for unknown, malformed and used tokens alike, so the page tells nothing apart.
 * - `closed`: a link of a request that has ended (carried out, partly, cancelled or refused) says so and how.
 * - `unavailable` is the page of a failure on our side (5xx); it names no cause.
 * - `too-large` answers a form post longer than the pages accept (413).
 * - `unsubscribe` is the GET of a marketing unsubscribe link; its button posts back to the page URL.
 *   `unsubscribed` answers that POST.
 */
export type SubjectPage =
  | {
      kind: 'confirm';
      requestType: RequestType;
      /** ISO 8601 instant the request was received. */
      receivedAt: string;
      token: string;
      /** IANA zone to show `receivedAt` in; UTC unless given. */
      timeZone?: string;
    }
  | {
      kind: 'confirmed';
      requestType: RequestType /** YYYY-MM-DD */;
      dueAt: string;
      /** The request's status page (relative to the page), linked so the person can follow it. */
      statusUrl?: string;
    }
  | {
      kind: 'identity';
      requestType: RequestType;
      token: string;
      attemptsLeft?: number;
      failed?: boolean;
      /** The page answers a POST to `{token}/identity`, so its form posts back to its own URL. */
      postsToSelf?: boolean;
      /** Fields not filled in as asked, each with what is wrong: a message at each, and no attempt used. */
      problems?: Partial<Record<IdentityField, FieldProblem>>;
      /** What the person typed, put back so a correction keeps the rest (never the card digits). */
      values?: Partial<Record<Exclude<IdentityField, 'cardLast4'>, string>>;
      /** The independent identity provider: offered beside the questions, or required instead of them. */
      provider?: 'offered' | 'required';
      /** The questions locked after too many wrong answers: only the provider is shown. */
      knowledgeLocked?: boolean;
    }
  | { kind: 'verified'; requestType: RequestType /** YYYY-MM-DD */; dueAt: string; statusUrl?: string }
  | { kind: 'locked'; requestType: RequestType; jurisdiction: Jurisdiction /** The provider could not confirm the person. */; byProvider?: boolean }
  | {
      kind: 'closed';
      requestType: RequestType;
      ending: Ending;
      /** ISO 8601 instant the request closed. */
      closedAt: string;
      /** IANA zone to show `closedAt` in. */
      timeZone: string;
      /** The request's status page, while it still opens (30 days after the request ended). */
      statusUrl?: string;
    }
  | {
      kind: 'unsubscribe' /** The address as `a•••@example.com`, so the person recognises it. */;
      maskedEmail: string;
      /** The same mail's "manage my email preferences" page, relative to this one. */
      preferencesUrl?: string;
    }
  | { kind: 'unsubscribed'; maskedEmail: string; preferencesUrl?: string }
  | { kind: 'expired' }
  | { kind: ProviderPageKind }
  | { kind: 'invalid' }
  | { kind: 'rate-limited' }
  | { kind: 'too-large' }
  | { kind: 'unavailable' };

export type SubjectPageKind = SubjectPage['kind'];

export const SUBJECT_PAGE_KINDS = [
  'confirm',
  'confirmed',
  'identity',
  'verified',
  'locked',
  'closed',
  'unsubscribe',
  'unsubscribed',
  'expired',
  'provider-cancelled',
  'provider-unavailable',
  'provider-invalid',
  'provider-returned',
  'invalid',
  'rate-limited',
  'too-large',
  'unavailable',
] as const satisfies readonly SubjectPageKind[];

/** The `name`s of the identity form's fields, as they arrive in the urlencoded POST body. */
export const IDENTITY_FORM_FIELDS = {
  email: 'email',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
  cardLast4: 'cardLast4',
} as const;

export type IdentityField = keyof typeof IDENTITY_FORM_FIELDS;

/** The name of the confirm button; its value arrives in the POST body, so the body is never empty. */
export const CONFIRM_FIELD = { name: 'confirm', value: 'yes' } as const;

/** The unsubscribe button's field: unlike a mail client's one-click POST, it asks for a page in reply. */
export const UNSUBSCRIBE_FIELD = { name: 'unsubscribe', value: 'yes' } as const;

/** The human name of a request type in `locale`, capitalised to stand alone. */
export function requestTypeName(type: RequestType, locale: Locale): string {
  const name: string | undefined = REQUEST_TYPE_NAMES[type]?.[locale];
  // A type from stored data that the vocabulary does not know is shown as is (escaped) rather than failing the page.
  return name === undefined ? type : capitalise(name, locale);
}

interface PageBody {
  title: string;
  /** The line above the heading; the site name when absent. */
  eyebrow?: string;
  tone: PageTone;
  content: SafeHtml;
}

/** Renders one subject page as a complete HTML document in `locale`, speaking for `controller`. */
export function renderSubjectPage(page: SubjectPage, locale: Locale, controller: PageController): string {
  const texts = SUBJECT_TEXTS[locale];
  const body = pageBody(page, locale, texts);
  return renderDocument({
    locale,
    title: `${body.title} – ${body.eyebrow ?? texts.siteName}`,
    eyebrow: body.eyebrow ?? texts.siteName,
    tone: body.tone,
    content: body.content,
    controller,
  });
}

/** The pages of a refusal before any request is known, which need nothing but a language. */
export type RefusalPageKind = Extract<SubjectPageKind, 'invalid' | 'rate-limited' | 'too-large' | 'unavailable'>;

/** The refusal page of an HTTP status: 429 too many attempts, 413 too long, 5xx our failure, any other an invalid link. */
export function refusalPageKind(status: number): RefusalPageKind {
  if (status === 429) return 'rate-limited';
  if (status === 413) return 'too-large';
  return status >= 500 ? 'unavailable' : 'invalid';
}

/**
 * One refusal page in several languages, the first leading and the others following it, each marked
 * with its `lang`: for an answer that cannot pick a language from Accept-Language, as API Gateway's
 * own refusals cannot (their templates are fixed text).
 */
export function renderRefusalPage(kind: RefusalPageKind, locales: readonly Locale[], controller: PageController): string {
  const [first, ...others] = locales;
  if (first === undefined) throw new TypeError('A refusal page needs a language');
  const texts = SUBJECT_TEXTS[first];
  const body = pageBody({ kind }, first, texts);
  const more = others.map((locale) => {
    const text = refusalTexts(kind, SUBJECT_TEXTS[locale]);
    return html`
<section class="also" lang="${locale}">
<h2>${text.heading}</h2>
${paragraphs(text.paragraphs)}</section>`;
  });
  return renderDocument({
    locale: first,
    title: `${body.title} – ${texts.siteName}`,
    eyebrow: texts.siteName,
    tone: body.tone,
    content: html`${body.content}${more}`,
    controller,
  });
}

function refusalTexts(kind: RefusalPageKind, texts: SubjectTexts): SubjectTexts['invalid'] {
  const byKind: Record<RefusalPageKind, SubjectTexts['invalid']> = {
    invalid: texts.invalid,
    'rate-limited': texts.rateLimited,
    'too-large': texts.tooLarge,
    unavailable: texts.unavailable,
  };
  return byKind[kind];
}

function pageBody(page: SubjectPage, locale: Locale, texts: SubjectTexts): PageBody {
  switch (page.kind) {
    case 'confirm':
      return confirmPage(page, locale, texts);
    case 'confirmed':
      return donePage(texts.confirmed, page.requestType, page.dueAt, locale, texts, page.statusUrl);
    case 'identity':
      return page.provider === 'required' || page.knowledgeLocked ? providerOnlyPage(page, locale, texts) : identityPage(page, locale, texts);
    case 'verified':
      return donePage(texts.verified, page.requestType, page.dueAt, locale, texts, page.statusUrl);
    case 'locked':
      return lockedPage(page.requestType, page.jurisdiction, locale, texts, page.byProvider === true);
    case 'closed':
      return closedPage(page, locale, texts);
    case 'unsubscribe':
      return unsubscribePage(page.maskedEmail, texts, page.preferencesUrl);
    case 'unsubscribed':
      return unsubscribedPage(page.maskedEmail, texts, page.preferencesUrl);
    case 'expired':
      return noticePage(texts.expired);
    case 'provider-cancelled':
    case 'provider-unavailable':
    case 'provider-invalid':
    case 'provider-returned':
      return { ...noticePage(providerPageTexts(page.kind, locale)), tone: page.kind === 'provider-returned' ? 'ok' : 'stop' };
    case 'invalid':
    case 'rate-limited':
    case 'too-large':
    case 'unavailable':
      return noticePage(refusalTexts(page.kind, texts));
    default:
      return unknownKind(page);
  }
}

function unknownKind(page: never): never {
  throw new TypeError(`Unknown subject page kind: ${JSON.stringify((page as { kind?: unknown }).kind)}`);
}

function confirmPage(page: Extract<SubjectPage, { kind: 'confirm' }>, locale: Locale, texts: SubjectTexts): PageBody {
  const t = texts.confirm;
  const received = formatInstant(page.receivedAt, locale, page.timeZone ?? 'UTC');
  return {
    title: t.title,
    tone: 'action',
    content: html`<h1>${t.heading}</h1>
<p>${t.intro}</p>
<dl class="facts">
<dt>${texts.facts.request}</dt><dd>${requestTypeName(page.requestType, locale)}</dd>
<dt>${texts.facts.received}</dt><dd><time datetime="${page.receivedAt}">${received}</time></dd>
</dl>
${page.requestType === 'sale-opt-in' ? html`<p>${t.saleOptIn}</p>` : ''}
<p>${t.nothingYet}</p>
<form method="post">
<button type="submit" name="${CONFIRM_FIELD.name}" value="${CONFIRM_FIELD.value}">${t.button}</button>
</form>
<p class="note">${t.notYou}</p>`,
  };
}

function donePage(
  t: SubjectTexts['confirmed'] | SubjectTexts['verified'],
  requestType: RequestType,
  dueAt: string,
  locale: Locale,
  texts: SubjectTexts,
  statusUrl?: string,
): PageBody {
  return {
    title: t.title,
    tone: 'ok',
    content: html`<h1>${t.heading}</h1>
<dl class="facts">
<dt>${texts.facts.request}</dt><dd>${requestTypeName(requestType, locale)}</dd>
<dt>${texts.facts.dueBy}</dt><dd><time datetime="${dueAt}">${formatCalendarDate(dueAt, locale)}</time></dd>
</dl>
<p>${t.next}</p>
${
  statusUrl
    ? html`<p><a href="${statusUrl}">${texts.followRequest}</a></p>
`
    : ''
}<p class="note">${texts.closePage}</p>`,
  };
}

/** Where the provider's button posts: `{token}/provider`, relative to the link or to its `/identity` post. */
function providerAction(page: Extract<SubjectPage, { kind: 'identity' }>): string {
  const atIdentity = page.postsToSelf ?? (page.failed === true || Object.keys(page.problems ?? {}).length > 0);
  return atIdentity ? 'provider' : `${encodeURIComponent(page.token)}/provider`;
}

/** The identity page when the provider is the only way: required for the request, or the questions locked. */
function providerOnlyPage(page: Extract<SubjectPage, { kind: 'identity' }>, locale: Locale, texts: SubjectTexts): PageBody {
  return {
    title: page.knowledgeLocked && page.provider !== 'required' ? PROVIDER_TEXTS[locale].offer.lockedHeading : texts.identity.title,
    tone: 'action',
    content: providerOffer(page.provider === 'required' ? 'required' : 'locked', providerAction(page), locale),
  };
}

function identityPage(page: Extract<SubjectPage, { kind: 'identity' }>, locale: Locale, texts: SubjectTexts): PageBody {
  const t = texts.identity;
  const failed = page.failed === true;
  const problems = page.problems ?? {};
  const incomplete = Object.keys(problems).length > 0;
  const values = page.values ?? {};
  // A page that answers the identity POST already sits at .../{token}/identity; a relative
  // `{token}/identity` from there would double the segment, so the form omits its action instead.
  const action = (page.postsToSelf ?? (failed || incomplete)) ? undefined : `${encodeURIComponent(page.token)}/identity`;
  const error =
    failed &&
    html`<div class="alert" role="alert" id="identity-error">
<p><strong>${t.mismatch}</strong></p>
<p>${t.tryAgain}${page.attemptsLeft === undefined ? '' : ` ${t.attemptsLeft(page.attemptsLeft)}`}</p>
</div>
`;
  const summary =
    !failed &&
    incomplete &&
    html`<div class="alert" role="alert" id="identity-error">
<p><strong>${t.fieldsSummary}</strong></p>
</div>
`;
  const limit =
    !failed &&
    page.attemptsLeft !== undefined &&
    html`<p class="note">${t.attemptsLimited(page.attemptsLeft)}</p>
`;
  const f = IDENTITY_FORM_FIELDS;
  /** The message at a field, and the attributes that tie it to the field, when the field has a problem. */
  const at = (field: IdentityField, hint?: string) => {
    const problem = problems[field];
    const errorId = `identity-${kebab(field)}-error`;
    const describedBy = [hint, problem ? errorId : undefined].filter(Boolean).join(' ');
    return {
      message: problem
        ? html`<span class="field-error" id="${errorId}">${t.fieldProblem(field, problem)}</span>
`
        : '',
      attributes: html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${problem ? html` aria-invalid="true"` : ''}`,
    };
  };
  const email = at('email');
  const street = at('street');
  const postalCode = at('postalCode');
  const city = at('city');
  const card = at('cardLast4', 'identity-card-last4-hint');
  const value = (text: string | undefined) => (text === undefined ? '' : html` value="${text}"`);
  const offer =
    page.provider === 'offered' &&
    html`${providerOffer('offered', providerAction(page), locale)}<h2>${PROVIDER_TEXTS[locale].offer.orQuestions}</h2>
`;
  return {
    title: `${failed || incomplete ? t.errorTitlePrefix : ''}${t.title}`,
    tone: 'action',
    content: html`<h1>${t.heading}</h1>
${error}${summary}<p>${t.intro}</p>
${offer}${limit}<form method="post"${action === undefined ? '' : html` action="${action}"`}${failed || incomplete ? html` aria-describedby="identity-error"` : ''} novalidate>
<div class="field">
<label for="identity-email">${t.email}</label>
${email.message}<input id="identity-email" name="${f.email}" type="email" autocomplete="email" autocapitalize="off" spellcheck="false" required${value(values.email)}${email.attributes}>
</div>
<fieldset>
<legend>${t.addressLegend}</legend>
<div class="field">
<label for="identity-street">${t.street}</label>
${street.message}<textarea id="identity-street" name="${f.street}" rows="2" autocomplete="street-address" required${street.attributes}>${values.street ?? ''}</textarea>
</div>
<div class="row">
<div class="field">
<label for="identity-postal-code">${t.postalCode}</label>
${postalCode.message}<input id="identity-postal-code" name="${f.postalCode}" type="text" autocomplete="postal-code" required${value(values.postalCode)}${postalCode.attributes}>
</div>
<div class="field">
<label for="identity-city">${t.city}</label>
${city.message}<input id="identity-city" name="${f.city}" type="text" autocomplete="address-level2" required${value(values.city)}${city.attributes}>
</div>
</div>
</fieldset>
<div class="field">
<label for="identity-card-last4">${t.cardDigits}</label>
<span class="hint" id="identity-card-last4-hint">${t.cardDigitsHint}</span>
${card.message}<input id="identity-card-last4" class="digits" name="${f.cardLast4}" type="text" inputmode="numeric" pattern="[0-9]{4}" minlength="4" maxlength="4" autocomplete="off" required${card.attributes}>
</div>
<button type="submit">${t.button}</button>
</form>
<p class="note">${t.purpose}</p>`,
  };
}

/** `postalCode` → `postal-code`, as the page's element ids spell a field. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function lockedPage(requestType: RequestType, jurisdiction: Jurisdiction, locale: Locale, texts: SubjectTexts, byProvider: boolean): PageBody {
  const t = texts.locked;
  return {
    title: t.title,
    tone: 'stop',
    content: html`<h1>${t.heading}</h1>
<dl class="facts">
<dt>${texts.facts.request}</dt><dd>${requestTypeName(requestType, locale)}</dd>
</dl>
<p>${byProvider ? PROVIDER_TEXTS[locale].refusedByProvider : t.refused}</p>
<p>${t.newRequest}</p>
<h2>${t.complainHeading}</h2>
<p>${t.complain[jurisdiction]}</p>`,
  };
}

function closedPage(page: Extract<SubjectPage, { kind: 'closed' }>, locale: Locale, texts: SubjectTexts): PageBody {
  const t = texts.closed;
  const ending = t.ending[page.ending];
  return {
    title: t.title,
    tone: page.ending === 'completed' ? 'ok' : 'stop',
    content: html`<h1>${t.heading}</h1>
<dl class="facts">
<dt>${texts.facts.request}</dt><dd>${requestTypeName(page.requestType, locale)}</dd>
<dt>${t.endingLabel}</dt><dd>${ending.name}</dd>
<dt>${t.closedOn}</dt><dd><time datetime="${page.closedAt}">${formatDate(page.closedAt, locale, page.timeZone)}</time></dd>
</dl>
<p>${ending.text}</p>
${page.statusUrl ? html`<p><a href="${page.statusUrl}">${t.statusLink}</a></p>` : ''}
<p class="note">${t.newRequest}</p>`,
  };
}

/** The link to the preferences page, below what the unsubscribe pages say. */
function preferencesLink(url: string | undefined, texts: SubjectTexts): SafeHtml | '' {
  return url ? html`<p><a href="${url}">${texts.unsubscribe.preferences}</a></p>` : '';
}

function unsubscribePage(maskedEmail: string, texts: SubjectTexts, preferencesUrl?: string): PageBody {
  const t = texts.unsubscribe;
  return {
    title: t.title,
    eyebrow: t.eyebrow,
    tone: 'action',
    content: html`<h1>${t.heading}</h1>
<p>${t.intro}</p>
<dl class="facts">
<dt>${t.emailLabel}</dt><dd>${maskedEmail}</dd>
</dl>
<p>${t.nothingYet}</p>
<form method="post">
<button type="submit" name="${UNSUBSCRIBE_FIELD.name}" value="${UNSUBSCRIBE_FIELD.value}">${t.button}</button>
</form>
${preferencesLink(preferencesUrl, texts)}
<p class="note">${t.transactional}</p>`,
  };
}

function unsubscribedPage(maskedEmail: string, texts: SubjectTexts, preferencesUrl?: string): PageBody {
  const t = texts.unsubscribed;
  return {
    title: t.title,
    eyebrow: texts.unsubscribe.eyebrow,
    tone: 'ok',
    content: html`<h1>${t.heading}</h1>
<dl class="facts">
<dt>${texts.unsubscribe.emailLabel}</dt><dd>${maskedEmail}</dd>
</dl>
<p>${t.done}</p>
<p>${t.transactional}</p>
${preferencesLink(preferencesUrl, texts)}
<p class="note">${texts.closePage}</p>`,
  };
}

function noticePage(t: { title: string; heading: string; paragraphs: readonly string[] }): PageBody {
  return {
    title: t.title,
    tone: 'stop',
    content: html`<h1>${t.heading}</h1>
${paragraphs(t.paragraphs)}`,
  };
}

function paragraphs(texts: readonly string[]): SafeHtml[] {
  return texts.map(
    (paragraph) => html`<p>${paragraph}</p>
`,
  );
}
