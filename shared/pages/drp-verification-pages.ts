// The page an authorized agent sends a person to while their request waits for confirmation (DRP §3.02.1).
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale, RequestType } from '../domain/request-model.js';
import type { DrpVerificationOutcome } from '../protocols/drp-verification.js';
import { html, type SafeHtml } from '../text/html.js';
import { renderDocument, subjectPageResponse, type PageController, type PageTone } from './layout.js';
import { renderSubjectPage, requestTypeName } from './subject-pages.js';
import { SUBJECT_TEXTS } from './subject-texts.js';

/** The form's one field: the address the request was filed for. */
export const EMAIL_FIELD = 'email';

interface Texts {
  ask: { title: string; heading: (type: string, agent: string) => string; intro: string; label: string; hint: string; problem: string; button: string };
  sent: { title: string; heading: string; paragraphs: readonly string[]; again: string };
  confirmed: { title: string; heading: string; paragraph: (agent: string) => string };
  ended: { title: string; heading: string; paragraph: string };
  invalid: { title: string; heading: string; paragraph: string };
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    ask: {
      title: 'Confirm your request',
      heading: (type, agent) => `Confirm your request for ${type}, made for you by ${agent}`,
      intro:
        'We carry out the request once you confirm it through a link we email you. Enter the email address the request was made for, and we will send a new confirmation link to that address.',
      label: 'Your email address',
      hint: 'We send the link only to the address the request was made for, never to another one.',
      problem: 'Enter an email address, such as name@example.com.',
      button: 'Email me a confirmation link',
    },
    sent: {
      title: 'Check your email',
      heading: 'Check your email',
      paragraphs: [
        'If the address you entered is the one the request was made for, a new confirmation link is on its way to it; any earlier link no longer works.',
        'Open the link and confirm the request there. Then come back to this page.',
      ],
      again: 'I have confirmed the request: continue',
    },
    confirmed: {
      title: 'Request confirmed',
      heading: 'Your request is confirmed',
      paragraph: (agent) => `We are carrying it out and will tell you, and ${agent}, when it is done. You can close this page.`,
    },
    ended: {
      title: 'Request closed',
      heading: 'This request can no longer be confirmed',
      paragraph: 'It has ended: it was withdrawn, refused, or its confirmation link ran out. Your agent can tell you more, or file a new request for you.',
    },
    invalid: {
      title: 'Link not valid',
      heading: 'This link is not valid',
      paragraph: 'Please go back to the service that sent you here and open the link it gives you again.',
    },
  },
  de: {
    ask: {
      title: 'Anfrage bestätigen',
      heading: (type, agent) => `Bestätigen Sie Ihre Anfrage: ${type}, für Sie gestellt von ${agent}`,
      intro:
        'Wir bearbeiten die Anfrage, sobald Sie sie über einen Link bestätigen, den wir Ihnen per E-Mail schicken. Geben Sie die E-Mail-Adresse an, für die die Anfrage gestellt wurde; wir schicken dann einen neuen Bestätigungslink an diese Adresse.',
      label: 'Ihre E-Mail-Adresse',
      hint: 'Wir schicken den Link nur an die Adresse, für die die Anfrage gestellt wurde, nie an eine andere.',
      problem: 'Geben Sie eine E-Mail-Adresse ein, zum Beispiel name@example.com.',
      button: 'Bestätigungslink per E-Mail senden',
    },
    sent: {
      title: 'Bitte sehen Sie in Ihr Postfach',
      heading: 'Bitte sehen Sie in Ihr Postfach',
      paragraphs: [
        'Wenn die eingegebene Adresse die ist, für die die Anfrage gestellt wurde, ist ein neuer Bestätigungslink dorthin unterwegs; frühere Links gelten nicht mehr.',
        'Öffnen Sie den Link und bestätigen Sie die Anfrage dort. Kehren Sie dann zu dieser Seite zurück.',
      ],
      again: 'Ich habe die Anfrage bestätigt: weiter',
    },
    confirmed: {
      title: 'Anfrage bestätigt',
      heading: 'Ihre Anfrage ist bestätigt',
      paragraph: (agent) => `Wir bearbeiten sie und teilen Ihnen und ${agent} mit, wenn sie erledigt ist. Sie können diese Seite schließen.`,
    },
    ended: {
      title: 'Anfrage beendet',
      heading: 'Diese Anfrage kann nicht mehr bestätigt werden',
      paragraph:
        'Sie ist beendet: Sie wurde zurückgezogen oder abgelehnt, oder ihr Bestätigungslink ist abgelaufen. Ihr Vertreter kann Ihnen mehr sagen oder eine neue Anfrage für Sie stellen.',
    },
    invalid: {
      title: 'Link ungültig',
      heading: 'Dieser Link ist nicht gültig',
      paragraph: 'Bitte kehren Sie zu dem Dienst zurück, der Sie hierher geschickt hat, und öffnen Sie den Link erneut, den er Ihnen gibt.',
    },
  },
};

function page(locale: Locale, controller: PageController, tone: PageTone, title: string, content: SafeHtml): string {
  const { siteName } = SUBJECT_TEXTS[locale];
  return renderDocument({ locale, title: `${title} – ${siteName}`, eyebrow: siteName, tone, content, controller });
}

function askPage(type: RequestType, agentName: string, locale: Locale, controller: PageController, problem: boolean): string {
  const t = TEXTS[locale].ask;
  const describedBy = problem ? 'drp-email-problem drp-email-hint' : 'drp-email-hint';
  // No action: the form posts back to this URL, query (redirect_to, request_id) included.
  return page(
    locale,
    controller,
    'action',
    t.title,
    html`<h1>${t.heading(requestTypeName(type, locale), agentName)}</h1>
<p>${t.intro}</p>
<form method="post">
<label for="drp-email">${t.label}</label>
<p class="hint" id="drp-email-hint">${t.hint}</p>
${
  problem
    ? html`<p class="field-error" id="drp-email-problem">${t.problem}</p>
`
    : ''
}<input id="drp-email" name="${EMAIL_FIELD}" type="email" autocomplete="email" autocapitalize="off" spellcheck="false" required aria-describedby="${describedBy}"${problem ? html` aria-invalid="true"` : ''}>
<button type="submit">${t.button}</button>
</form>
`,
  );
}

/**
 * The page for an outcome, as a complete HTML document in `locale`; a confirmed one with a
 * `redirect_to` goes back to the agent instead. `badAddress`: the form came without an email
 * address, and the page asks again (400).
 */
export function drpVerificationResponse(
  outcome: DrpVerificationOutcome,
  locale: Locale,
  controller: PageController,
  badAddress = false,
): APIGatewayProxyResult {
  const texts = TEXTS[locale];
  switch (outcome.page) {
    case 'ask':
      return subjectPageResponse(badAddress ? 400 : 200, askPage(outcome.request.type, outcome.agentName, locale, controller, badAddress));
    case 'sent':
      return subjectPageResponse(
        200,
        page(
          locale,
          controller,
          'ok',
          texts.sent.title,
          html`<h1>${texts.sent.heading}</h1>
${texts.sent.paragraphs.map(
  (paragraph) => html`<p>${paragraph}</p>
`,
)}<p><a href="">${texts.sent.again}</a></p>
`,
        ),
      );
    case 'confirmed': {
      if (outcome.redirectTo) {
        const back = subjectPageResponse(303, '');
        return { ...back, headers: { ...back.headers, location: outcome.redirectTo } };
      }
      const t = texts.confirmed;
      return subjectPageResponse(200, page(locale, controller, 'ok', t.title, html`<h1>${t.heading}</h1>\n<p>${t.paragraph(outcome.agentName)}</p>\n`));
    }
    case 'ended':
      return subjectPageResponse(
        200,
        page(locale, controller, 'stop', texts.ended.title, html`<h1>${texts.ended.heading}</h1>\n<p>${texts.ended.paragraph}</p>\n`),
      );
    case 'invalid':
      return drpVerificationInvalid(404, locale, controller);
  }
}

function drpVerificationInvalid(status: number, locale: Locale, controller: PageController): APIGatewayProxyResult {
  const t = TEXTS[locale].invalid;
  return subjectPageResponse(status, page(locale, controller, 'stop', t.title, html`<h1>${t.heading}</h1>\n<p>${t.paragraph}</p>\n`));
}

/** The page for a refusal before any request is known (4xx), too many requests (429) or a failure on our side (5xx). */
export function drpVerificationErrorPage(status: number, locale: Locale, controller: PageController): APIGatewayProxyResult {
  if (status === 429) return subjectPageResponse(status, renderSubjectPage({ kind: 'rate-limited' }, locale, controller));
  if (status >= 500) return subjectPageResponse(status, renderSubjectPage({ kind: 'unavailable' }, locale, controller));
  return drpVerificationInvalid(status, locale, controller);
}
