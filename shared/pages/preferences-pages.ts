// The "manage my email preferences" pages: the person's consents with a form, the confirmation of
// what changed, and the page of a link that does not open. German and English, in the subject pages' shell.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { FORM_TOKEN_FIELD, PURPOSE_FIELD_PREFIX, type Answer, type FormProblem, type PreferenceRow } from '../preferences/preference-choices.js';
import { preferencesStatus, type PreferencesOutcome, type RecordedChange } from '../preferences/preferences-page.js';
import type { ConsentState } from '../preferences/consent-state.js';
import { formatDate } from '../text/dates.js';
import { html, type SafeHtml } from '../text/html.js';
import { renderDocument, subjectPageResponse, type PageController } from './layout.js';

interface PreferencesTexts {
  languageName: string;
  eyebrow: string;
  title: string;
  heading: string;
  intro: string;
  emailLabel: string;
  nowLabel: string;
  state: Record<ConsentState, string>;
  nothingRecorded: string;
  since: (date: string) => string;
  answer: Record<Answer, string>;
  notGrantable: string;
  save: string;
  withdrawalNote: string;
  problem: Record<FormProblem | 'form-token', string>;
  changed: {
    title: string;
    heading: string;
    nothing: string;
    now: Record<'grant' | 'withdraw' | 'object' | 'opt-out', string>;
    carriedOut: string;
    back: string;
  };
  invalid: { title: string; heading: string; paragraphs: (contact: string) => SafeHtml[] };
  closePage: string;
}

const TEXTS: Record<Locale, PreferencesTexts> = {
  en: {
    languageName: 'English',
    eyebrow: 'Email preferences',
    title: 'Your email preferences',
    heading: 'Your email preferences and consents',
    intro: 'Here you see what you have agreed to, and can change it. Nothing changes until you press the button below.',
    emailLabel: 'Email address',
    nowLabel: 'Now',
    state: { granted: 'You agreed', withdrawn: 'You withdrew your consent', objected: 'You objected', 'opted-out': 'You opted out' },
    nothingRecorded: 'Nothing recorded yet',
    since: (date) => `since ${date}`,
    answer: { yes: 'Yes, I agree', no: 'No, I do not agree' },
    notGrantable: 'To agree to this again, please sign up where you first did: we then ask you to confirm it.',
    save: 'Save my choices',
    withdrawalNote: 'A withdrawal applies from the moment you save it; it does not affect what was done with your consent before.',
    problem: {
      'form-token': 'Your choices were not saved: this form was not sent from this page. Please choose again and press the button.',
      malformed: 'Your choices were not saved: the form was not filled in as asked. Please choose again and press the button.',
      'unknown-purpose': 'Your choices were not saved: the form named a use of your data that is not on this page. Please choose again.',
      'not-offered': 'Your choices were not saved: one answer cannot be given on this page. Please choose again.',
    },
    changed: {
      title: 'Choices saved',
      heading: 'Your choices are saved',
      nothing: 'Nothing has changed: your answers were the ones already recorded.',
      now: { grant: 'you agree from now on', withdraw: 'consent withdrawn', object: 'objected', 'opt-out': 'opted out' },
      carriedOut: 'We are now stopping this in our systems. We will email you when that is done.',
      back: 'Back to your email preferences',
    },
    invalid: {
      title: 'Link not valid',
      heading: 'This link does not open your email preferences',
      paragraphs: (contact) => [
        html`<p>The link may be incomplete, or it has expired: a link to your email preferences works as long as the unsubscribe link of the same email.</p>`,
        html`<p>Please use the link at the end of a newer email from us, or write to <a href="mailto:${contact}">${contact}</a>.</p>`,
      ],
    },
    closePage: 'You can close this page now.',
  },
  de: {
    languageName: 'Deutsch',
    eyebrow: 'E-Mail-Einstellungen',
    title: 'Ihre E-Mail-Einstellungen',
    heading: 'Ihre E-Mail-Einstellungen und Einwilligungen',
    intro: 'Hier sehen Sie, wozu Sie eingewilligt haben, und können es ändern. Es ändert sich nichts, bevor Sie auf die Schaltfläche unten klicken.',
    emailLabel: 'E-Mail-Adresse',
    nowLabel: 'Derzeit',
    state: {
      granted: 'Sie haben eingewilligt',
      withdrawn: 'Sie haben Ihre Einwilligung widerrufen',
      objected: 'Sie haben widersprochen',
      'opted-out': 'Sie haben abgelehnt',
    },
    nothingRecorded: 'Noch nichts erfasst',
    since: (date) => `seit ${date}`,
    answer: { yes: 'Ja, ich willige ein', no: 'Nein, ich willige nicht ein' },
    notGrantable: 'Um hierzu wieder einzuwilligen, melden Sie sich bitte dort an, wo Sie es zuerst getan haben: Wir bitten Sie dann, es zu bestätigen.',
    save: 'Meine Auswahl speichern',
    withdrawalNote: 'Ein Widerruf gilt ab dem Speichern; was zuvor mit Ihrer Einwilligung geschehen ist, bleibt davon unberührt.',
    problem: {
      'form-token':
        'Ihre Auswahl wurde nicht gespeichert: Das Formular wurde nicht von dieser Seite gesendet. Bitte wählen Sie erneut und klicken Sie auf die Schaltfläche.',
      malformed:
        'Ihre Auswahl wurde nicht gespeichert: Das Formular war nicht wie verlangt ausgefüllt. Bitte wählen Sie erneut und klicken Sie auf die Schaltfläche.',
      'unknown-purpose':
        'Ihre Auswahl wurde nicht gespeichert: Das Formular nannte eine Verwendung Ihrer Daten, die nicht auf dieser Seite steht. Bitte wählen Sie erneut.',
      'not-offered': 'Ihre Auswahl wurde nicht gespeichert: Eine Antwort kann auf dieser Seite nicht gegeben werden. Bitte wählen Sie erneut.',
    },
    changed: {
      title: 'Auswahl gespeichert',
      heading: 'Ihre Auswahl ist gespeichert',
      nothing: 'Es hat sich nichts geändert: Ihre Antworten waren die bereits erfassten.',
      now: { grant: 'ab jetzt eingewilligt', withdraw: 'Einwilligung widerrufen', object: 'widersprochen', 'opt-out': 'abgelehnt' },
      carriedOut: 'Wir setzen das jetzt in unseren Systemen um. Wir schreiben Ihnen, sobald es erledigt ist.',
      back: 'Zurück zu Ihren E-Mail-Einstellungen',
    },
    invalid: {
      title: 'Link ungültig',
      heading: 'Dieser Link öffnet Ihre E-Mail-Einstellungen nicht',
      paragraphs: (contact) => [
        html`<p>Der Link ist vielleicht unvollständig oder abgelaufen: Ein Link zu Ihren E-Mail-Einstellungen gilt so lange wie der Abmeldelink derselben E-Mail.</p>`,
        html`<p>Bitte nutzen Sie den Link am Ende einer neueren E-Mail von uns, oder schreiben Sie an <a href="mailto:${contact}">${contact}</a>.</p>`,
      ],
    },
    closePage: 'Sie können diese Seite jetzt schließen.',
  },
};

/** The link to the page in the other language, keeping the page's address. */
function languageSwitch(locale: Locale, languages: readonly Locale[]): SafeHtml | '' {
  const other: Locale = locale === 'de' ? 'en' : 'de';
  if (!languages.includes(other)) return '';
  return html`<p class="lang"><a href="?lang=${other}" hreflang="${other}" lang="${other}">${TEXTS[other].languageName}</a></p>
`;
}

function stateLine(row: PreferenceRow, locale: Locale, t: PreferencesTexts, timeZone: string): SafeHtml {
  if (!row.current) return html`${t.nothingRecorded}`;
  const date = formatDate(row.current.since, locale, timeZone);
  return html`${t.state[row.current.state]}, <time datetime="${row.current.since}">${t.since(date)}</time>`;
}

function purposeFieldset(row: PreferenceRow, locale: Locale, t: PreferencesTexts, timeZone: string): SafeHtml {
  const name = `${PURPOSE_FIELD_PREFIX}${row.purpose}`;
  const id = (answer: Answer) => `p-${row.purpose}-${answer}`;
  const checked = row.current ? (row.current.state === 'granted' ? 'yes' : 'no') : undefined;
  const stateId = `p-${row.purpose}-now`;
  return html`<fieldset class="purpose" aria-describedby="${stateId}">
<legend>${row.name[locale]}</legend>
<p class="hint" id="${stateId}">${t.nowLabel}: ${stateLine(row, locale, t, timeZone)}</p>
${row.offers.map(
  (
    answer,
  ) => html`<div class="choice"><input type="radio" id="${id(answer)}" name="${name}" value="${answer}"${checked === answer ? html` checked` : ''}><label for="${id(answer)}">${t.answer[answer]}</label></div>
`,
)}${
  row.offers.includes('yes')
    ? ''
    : html`<p class="hint">${t.notGrantable}</p>
`
}</fieldset>
`;
}

function preferencesBody(outcome: Extract<PreferencesOutcome, { page: 'preferences' }>, locale: Locale, timeZone: string): SafeHtml {
  const t = TEXTS[locale];
  return html`<h1>${t.heading}</h1>
${
  outcome.problem
    ? html`<div class="alert" role="alert"><p>${t.problem[outcome.problem]}</p></div>
`
    : ''
}<p>${t.intro}</p>
<dl class="facts">
<dt>${t.emailLabel}</dt><dd>${outcome.maskedEmail}</dd>
</dl>
<form method="post">
<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${outcome.formToken}">
${outcome.rows.map((row) => purposeFieldset(row, locale, t, timeZone))}<button type="submit">${t.save}</button>
</form>
<p class="note">${t.withdrawalNote}</p>`;
}

function changeLine(change: RecordedChange, locale: Locale, t: PreferencesTexts): SafeHtml {
  return html`<li><strong>${change.name[locale]}</strong>: ${t.changed.now[change.action]}</li>
`;
}

function changedBody(outcome: Extract<PreferencesOutcome, { page: 'changed' }>, locale: Locale): SafeHtml {
  const t = TEXTS[locale];
  const carried = outcome.changes.some((c) => c.requests.length > 0);
  return html`<h1>${t.changed.heading}</h1>
<dl class="facts">
<dt>${t.emailLabel}</dt><dd>${outcome.maskedEmail}</dd>
</dl>
${
  outcome.changes.length === 0
    ? html`<p>${t.changed.nothing}</p>
`
    : html`<ul>
${outcome.changes.map((c) => changeLine(c, locale, t))}</ul>
`
}${
  carried
    ? html`<p>${t.changed.carriedOut}</p>
`
    : ''
}<p><a href="?lang=${locale}">${t.changed.back}</a></p>
<p class="note">${t.closePage}</p>`;
}

export interface PreferencesPageOptions {
  locale: Locale;
  /** The deployment's languages: the switch offers the other one when it is among them. */
  languages: readonly Locale[];
  controller: PageController;
}

/** Dates are shown as calendar days in UTC: the page does not know which law, and so which zone, the person lives under. */
const DATE_ZONE = 'UTC';

/**
 * The language of the page: the one the switch asked for, else the language of the mail the link
 * came in, else (for a link that does not open) the browser's; always one the deployment writes.
 */
export function preferencesLocale(outcome: PreferencesOutcome, requested: Locale | undefined, browser: Locale, languages: readonly Locale[]): Locale {
  const wanted = requested ?? (outcome.page === 'invalid' ? browser : outcome.locale);
  return languages.includes(wanted) ? wanted : (languages[0] ?? wanted);
}

/** The answer to a GET or POST of the page: `outcome` in the language `preferencesLocale` picks. */
export function preferencesAnswer(
  outcome: PreferencesOutcome,
  place: { requested: Locale | undefined; browser: Locale; languages: readonly Locale[]; controller: PageController },
): APIGatewayProxyResult {
  const locale = preferencesLocale(outcome, place.requested, place.browser, place.languages);
  return preferencesPage(outcome, { locale, languages: place.languages, controller: place.controller });
}

/** The page of `outcome` in `options.locale`, with its status: 404 for a link that does not open, 403 without the form token, 400 for a form not as offered. */
export function preferencesPage(outcome: PreferencesOutcome, options: PreferencesPageOptions): APIGatewayProxyResult {
  const { locale, controller } = options;
  const t = TEXTS[locale];
  const status = preferencesStatus(outcome);
  if (outcome.page === 'invalid') {
    const content = html`<h1>${t.invalid.heading}</h1>
${t.invalid.paragraphs(controller.privacyContact)}`;
    return subjectPageResponse(
      status,
      renderDocument({ locale, title: `${t.invalid.title} – ${t.eyebrow}`, eyebrow: t.eyebrow, tone: 'stop', content, controller }),
    );
  }
  const body = outcome.page === 'preferences' ? preferencesBody(outcome, locale, DATE_ZONE) : changedBody(outcome, locale);
  const title = outcome.page === 'preferences' ? t.title : t.changed.title;
  const content = html`${languageSwitch(locale, options.languages)}${body}`;
  return subjectPageResponse(
    status,
    renderDocument({ locale, title: `${title} – ${t.eyebrow}`, eyebrow: t.eyebrow, tone: outcome.page === 'changed' ? 'ok' : 'action', content, controller }),
  );
}
