// The privacy center's pages: the center (rights and the form to use one), the answer to a filing,
// and a request's status page behind its emailed link.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { REQUEST_TYPES, type Locale, type RequestType } from '../domain/request-model.js';
import type { ProofVerdict } from '../privacy-center/proof-of-work.js';
import { formatCalendarDate, formatInstant } from '../text/dates.js';
import { html, type SafeHtml } from '../text/html.js';
import { PAGE_STYLE_HASH, renderDocument, SUBJECT_PAGE_HEADERS, type PageController, type PageTone } from './layout.js';
import { CENTER_TEXTS, RIGHTS_BY_LAW, REGIONS, type CenterField, type CenterProblem, type Region, type StatusStep } from './privacy-center-texts.js';
import { requestTypeName } from './subject-pages.js';

export { CENTER_FIELDS, REGIONS, type CenterField, type CenterProblem, type Region, type StatusStep } from './privacy-center-texts.js';

/** The center's own styles beyond the subject pages' (choices, the rights lists), served from our origin. */
export const CENTER_STYLE = `
.lang{margin:0 0 1rem;text-align:right;font-size:.9375rem}
.rights{margin:0 0 1rem;padding-left:1.25rem}
.rights li{margin:0 0 .5rem}
.law{display:block;font-size:.875rem;color:#4b5563}
.choice{display:flex;gap:.625rem;align-items:flex-start;margin:0 0 .5rem}
.choice input{flex:none;width:1.25rem;height:1.25rem;margin:.2rem 0 0;padding:0}
.choice label{margin:0;font-weight:400}
.gpc{margin:0 0 1.5rem;padding:.875rem 1rem;border-left:4px solid #1d4ed8;border-radius:6px;background:#eef3ff}
.gpc h2{margin-top:0}
.gpc p:last-child{margin-bottom:0}
altcha-widget{display:block;margin:0 0 1rem;max-width:100%}
.links{margin:1.5rem 0 0;padding:1rem 0 0;border-top:1px solid #d5dbe3}
.steps{margin:0 0 1.25rem;padding-left:1.25rem}
.steps li{margin:0 0 .375rem}
`;

/**
 * The center's policy: the subject pages' one but for the proof of work, whose widget, worker and
 * stylesheet come from this origin (never inline, never another site) and which fetches its
 * challenge from here.
 */
export const CENTER_PAGE_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}' 'self'`,
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The privacy center, as the person sees it on a GET or when a filing is sent back. */
export interface CenterPage {
  /** The browser sent `Sec-GPC: 1`: the opt-out of sale and sharing is offered first, filled in. */
  gpc: boolean;
  /** A right to fill in, from the query (the Shine the Light link). */
  right?: RequestType;
  /** What the person typed, put back when the form is sent back. */
  values?: Partial<Record<'right' | 'email' | 'region' | 'details', string>>;
  /** Fields not filled in as asked. */
  problems?: Partial<Record<CenterField, CenterProblem>>;
  /** Why the proof of work was not accepted. */
  proof?: Exclude<ProofVerdict, 'accepted'>;
}

const texts = (locale: Locale) => CENTER_TEXTS[locale];

function lawLabel(law: string, locale: Locale): string {
  return locale === 'de' ? law.replace('GDPR', 'DSGVO') : law;
}

/** The link to the same page in the other language (the center speaks German and English). */
function languageSwitch(locale: Locale, languages: readonly Locale[], query: Record<string, string> = {}): SafeHtml | '' {
  const other = languages.find((language) => language !== locale);
  if (!other) return '';
  const search = new URLSearchParams({ ...query, lang: other }).toString();
  return html`<p class="lang"><a href="?${search}" hreflang="${other}" lang="${other}">${CENTER_TEXTS[other].languageName}</a></p>
`;
}

function rightsList(law: 'eu' | 'california', locale: Locale): SafeHtml {
  const t = texts(locale).center;
  return html`<ul class="rights">
${RIGHTS_BY_LAW[law].map(
  ({ type, law: provision }) => html`<li>${t.rights[type].sentence} <span class="law">${lawLabel(provision, locale)}</span></li>
`,
)}</ul>
`;
}

/** The center's page, in `locale`, speaking for `controller`; `assets` is the relative path to its scripts and styles. */
export function renderCenterPage(page: CenterPage, locale: Locale, controller: PageController, languages: readonly Locale[]): string {
  const t = texts(locale).center;
  const problems = page.problems ?? {};
  const values = page.values ?? {};
  const gpcDefaults = page.gpc && values.right === undefined ? { right: 'sale-opt-out', region: 'california' } : {};
  const chosenRight = values.right ?? page.right ?? gpcDefaults.right;
  const chosenRegion = values.region ?? (page.right === 'third-party-disclosure' ? 'california' : gpcDefaults.region);
  const incomplete = Object.keys(problems).length > 0;
  const error = (field: CenterField) =>
    problems[field]
      ? html`<span class="field-error" id="center-${field}-error">${t.fieldProblem(field, problems[field]!)}</span>
`
      : '';
  const invalid = (field: CenterField, hint?: string) => {
    const describedBy = [hint, problems[field] ? `center-${field}-error` : undefined].filter(Boolean).join(' ');
    return html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${problems[field] ? html` aria-invalid="true"` : ''}`;
  };
  const alert =
    (incomplete || page.proof) &&
    html`<div class="alert" role="alert" id="center-error">
${incomplete ? html`<p><strong>${t.fieldsSummary}</strong></p>` : ''}${page.proof ? html`<p>${t.proof[page.proof]}</p>` : ''}
</div>
`;
  const gpc =
    page.gpc &&
    html`<section class="gpc" aria-labelledby="gpc-heading">
<h2 id="gpc-heading">${t.gpcHeading}</h2>
<p>${t.gpcText}</p>
<p><a href="#use-a-right">${t.gpcLink}</a></p>
</section>
`;
  const rightChoices = REQUEST_TYPES.map(
    (type) => html`<div class="choice"><input type="radio" id="right-${type}" name="right" value="${type}" required${
      chosenRight === type ? html` checked` : ''
    }${invalid('right')}><label for="right-${type}">${t.rights[type].name}</label></div>
`,
  );
  const regionChoices = REGIONS.map(
    (region: Region) => html`<div class="choice"><input type="radio" id="region-${region}" name="region" value="${region}" required${
      chosenRegion === region ? html` checked` : ''
    }${invalid('region')}><label for="region-${region}">${t.regions[region]}</label></div>
`,
  );
  const content = html`${languageSwitch(locale, languages)}<h1>${t.heading}</h1>
${alert}<p>${t.intro}</p>
${gpc}<h2>${t.rightsHeading}</h2>
<h3 class="eyebrow">${t.eu.heading}</h3>
${rightsList('eu', locale)}<h3 class="eyebrow">${t.california.heading}</h3>
${rightsList('california', locale)}<h3 class="eyebrow">${t.elsewhere.heading}</h3>
<p>${t.elsewhere.text}</p>
<link rel="stylesheet" href="${assetPath('center.css')}">
<link rel="stylesheet" href="${assetPath('altcha.css')}">
<form method="post" id="use-a-right" novalidate${alert ? html` aria-describedby="center-error"` : ''}>
<h2>${t.formHeading}</h2>
<fieldset${invalid('right')}>
<legend>${t.rightLegend}</legend>
${error('right')}${rightChoices}</fieldset>
<div class="field">
<label for="center-email">${t.email}</label>
<span class="hint" id="center-email-hint">${t.emailHint}</span>
${error('email')}<input id="center-email" name="email" type="email" autocomplete="email" autocapitalize="off" spellcheck="false" required${
    values.email === undefined ? '' : html` value="${values.email}"`
  }${invalid('email', 'center-email-hint')}>
</div>
<fieldset>
<legend>${t.regionLegend}</legend>
${error('region')}${regionChoices}</fieldset>
<div class="field">
<label for="center-details">${t.details}</label>
<span class="hint" id="center-details-hint">${t.detailsHint}</span>
${error('details')}<textarea id="center-details" name="details" rows="3" maxlength="2000"${invalid('details', 'center-details-hint')}>${values.details ?? ''}</textarea>
</div>
<div class="field">
<p class="hint" id="center-proof-hint"><strong>${t.proofLabel}.</strong> ${t.proofHint}</p>
${error('altcha')}<altcha-widget name="altcha" challenge="${assetPath('challenge', '')}" auto="onload" language="${locale}" aria-describedby="center-proof-hint"></altcha-widget>
<noscript><p class="alert">${t.noScript(controller.privacyContact)}</p></noscript>
</div>
<button type="submit">${t.button}</button>
</form>
<p class="note">${t.whatHappens}</p>
<section class="links">
<p><a href="${controller.privacyNoticeUrl}">${t.policy}</a></p>
<h2>${t.shineTheLight}</h2>
<p>${t.shineTheLightText} <a href="?${new URLSearchParams({ lang: locale, right: 'third-party-disclosure' }).toString()}#use-a-right">${t.rights['third-party-disclosure'].name}</a></p>
</section>
<script type="module" src="${assetPath('altcha.js')}"></script>
${
  locale === 'de'
    ? html`<script type="module" src="${assetPath('altcha-de.js')}"></script>
`
    : ''
}<script type="module" src="${assetPath('center.js')}"></script>`;
  return renderDocument({
    locale,
    title: `${incomplete || page.proof ? (locale === 'de' ? 'Fehler: ' : 'Error: ') : ''}${t.title} – ${texts(locale).siteName}`,
    eyebrow: texts(locale).siteName,
    tone: 'action',
    content,
    controller,
  });
}

/** The center's assets sit under `/privacy/…`; the center page itself is `/privacy`, so its links start at `privacy/`. */
function assetPath(name: string, folder = 'assets/'): string {
  return `privacy/${folder}${name}`;
}

/** The answer to a filing: the same for an address we know and one we do not. */
export function renderFiledPage(atOnce: boolean, locale: Locale, controller: PageController): string {
  const t = texts(locale).filed;
  return renderDocument({
    locale,
    title: `${t.title} – ${texts(locale).siteName}`,
    eyebrow: texts(locale).siteName,
    tone: 'ok',
    content: html`<h1>${t.heading}</h1>
<p>${atOnce ? t.atOnce : t.confirm}</p>
<p class="note">${t.notYou}</p>
<p><a href="?${new URLSearchParams({ lang: locale }).toString()}">${t.again}</a></p>`,
    controller,
  });
}

/** Headers of the center's pages: the subject pages' with the proof of work's policy. */
export function centerPageResponse(statusCode: number, body: string): APIGatewayProxyResult {
  return { statusCode, headers: { ...SUBJECT_PAGE_HEADERS, 'content-security-policy': CENTER_PAGE_CSP }, body };
}

/** One step of a request as its status page lists it. */
export interface StatusEntry {
  step: StatusStep;
  /** ISO instant. */
  at: string;
  /** For `system-done`: how many systems had finished by then. */
  count?: number;
}

/** The export of a request, as its status page offers it: until when, and how many downloads the page has left. */
export interface StatusDownload {
  state: 'ready' | 'expired' | 'used-up';
  /** ISO instant: the export's end (the mailed link's). */
  until: string;
  usesLeft: number;
}

/** How a request stands, as its status page shows it. */
export interface StatusPage {
  requestType: RequestType;
  receivedAt: string;
  /** YYYY-MM-DD */
  dueAt: string;
  timeZone: string;
  state: 'waiting' | 'open' | 'completed' | 'partially-completed' | 'cancelled' | 'denied' | 'expired';
  steps: readonly StatusEntry[];
  /** A copy was bundled and mailed: whether the page can still give it. */
  download?: StatusDownload;
  /** The page answers the cancel button. */
  justCancelled?: boolean;
  /** The cancel button was pressed on a request that had ended already. */
  notCancellable?: boolean;
}

/** The page's forms, relative to the page: the cancel button, and the download button. */
export interface StatusActions {
  cancel: string;
  download: string;
}

/**
 * The status page of a request, in `locale`; its cancel form posts to `actions.cancel` when the
 * request is open, its download form to `actions.download` while the export can be downloaded.
 */
export function renderStatusPage(page: StatusPage, locale: Locale, controller: PageController, actions: StatusActions): string {
  const t = texts(locale).status;
  const open = page.state === 'open' || page.state === 'waiting';
  const stateName = page.state === 'open' || page.state === 'waiting' ? t.states[page.state] : t.states.closed[page.state];
  const tone: PageTone = open ? 'action' : page.state === 'completed' ? 'ok' : 'stop';
  const steps = page.steps.map(
    (entry) => html`<li><time datetime="${entry.at}">${formatInstant(entry.at, locale, page.timeZone)}</time>: ${
      entry.step === 'system-done' && entry.count !== undefined ? t.systemDone(entry.count) : t.steps[entry.step]
    }</li>
`,
  );
  const notice = page.justCancelled
    ? html`<div class="alert" role="status"><p>${t.cancelled}</p></div>
`
    : page.notCancellable
      ? html`<div class="alert" role="alert"><p>${t.notCancellable}</p></div>
`
      : '';
  return renderDocument({
    locale,
    title: `${t.title} – ${texts(locale).siteName}`,
    eyebrow: t.eyebrow,
    tone,
    content: html`<h1>${t.heading}</h1>
${notice}<dl class="facts">
<dt>${t.request}</dt><dd>${requestTypeName(page.requestType, locale)}</dd>
<dt>${t.received}</dt><dd><time datetime="${page.receivedAt}">${formatInstant(page.receivedAt, locale, page.timeZone)}</time></dd>
${
  open
    ? html`<dt>${t.dueBy}</dt><dd><time datetime="${page.dueAt}">${formatCalendarDate(page.dueAt, locale)}</time></dd>
`
    : ''
}<dt>${t.state}</dt><dd>${stateName}</dd>
</dl>
<h2>${t.stepsHeading}</h2>
<ol>
${steps}</ol>
${page.download ? downloadSection(page.download, t, locale, page.timeZone, actions.download) : ''}${
  open
    ? html`<h2>${t.cancelHeading}</h2>
<p>${t.cancelText}</p>
<form method="post" action="${actions.cancel}">
<button type="submit" name="cancel" value="yes">${t.cancelButton}</button>
</form>
`
    : html`<p class="note">${t.closedNote}</p>
`
}`,
    controller,
  });
}

/** The copy's part of the status page: the button while it can be downloaded, else why not. */
function downloadSection(download: StatusDownload, t: ReturnType<typeof texts>['status'], locale: Locale, timeZone: string, action: string): SafeHtml {
  const until = html`<time datetime="${download.until}">${formatInstant(download.until, locale, timeZone)}</time>`;
  if (download.state === 'expired') {
    return html`<h2>${t.downloadHeading}</h2>
<p>${t.downloadExpired(until)}</p>
`;
  }
  if (download.state === 'used-up') {
    return html`<h2>${t.downloadHeading}</h2>
<p>${t.downloadUsedUp(until)}</p>
`;
  }
  return html`<h2>${t.downloadHeading}</h2>
<p>${t.download(until, download.usesLeft)}</p>
<form method="post" action="${action}">
<button type="submit" name="download" value="yes">${t.downloadButton}</button>
</form>
`;
}

/** The page a status link shows once the request's page has closed (STATUS_PAGE_DAYS_AFTER_CLOSE after it ended). */
export function renderStatusEndedPage(locale: Locale, controller: PageController): string {
  const t = texts(locale).status;
  return renderDocument({
    locale,
    title: `${t.endedTitle} – ${texts(locale).siteName}`,
    eyebrow: t.eyebrow,
    tone: 'stop',
    content: html`<h1>${t.endedTitle}</h1>
<p>${t.endedText}</p>
`,
    controller,
  });
}
