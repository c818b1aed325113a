// The parts of the subject pages that concern the independent identity-verification provider: the
// offer on the identity page, and the pages a person sees on coming back from it. German and English.
import type { Locale } from '../domain/request-model.js';
import { html, type SafeHtml } from '../text/html.js';

export interface ProviderTexts {
  offer: {
    /** The heading of the offer beside the knowledge check. */
    heading: string;
    /** Why a person might use it: offered beside the questions. */
    offered: string;
    /** The only way, for this request. */
    required: string;
    requiredHeading: string;
    /** The questions locked after too many wrong answers. */
    locked: string;
    lockedHeading: string;
    /** What the provider tells us, and what we keep. */
    kept: string;
    button: string;
    /** Set off from the knowledge check below the offer. */
    orQuestions: string;
  };
  cancelled: { title: string; heading: string; paragraphs: readonly string[] };
  unavailable: { title: string; heading: string; paragraphs: readonly string[] };
  invalid: { title: string; heading: string; paragraphs: readonly string[] };
  returned: { title: string; heading: string; paragraphs: readonly string[] };
  /** The locked page's reason when the provider could not confirm the person. */
  refusedByProvider: string;
}

export const PROVIDER_TEXTS: Readonly<Record<Locale, ProviderTexts>> = {
  en: {
    offer: {
      heading: 'Confirm your identity with an independent service',
      offered:
        'If you have no account with us, no card on file, or would rather not answer the questions, you can confirm who you are with an independent identity service instead.',
      requiredHeading: 'Confirm your identity with an independent service',
      required: 'For this request we need to confirm who you are through an independent identity service. It takes a few minutes.',
      lockedHeading: 'The questions are locked',
      locked:
        'The details did not match our records too many times, so the questions are locked. You can still confirm who you are with an independent identity service; your request stays open until then.',
      kept: 'The service tells us only whether your name, address or email match our records and how certain it is. We keep that result, never a document, a photo or the details you give the service.',
      button: 'Continue to the identity service',
      orQuestions: 'Or answer these questions',
    },
    cancelled: {
      title: 'Identity not confirmed',
      heading: 'You stopped at the identity service',
      paragraphs: [
        'Your identity has not been confirmed, and your request is still open.',
        'To try again, open the link in our email once more. There you can start the identity service again or, if you have an account with a card on file, answer our questions instead.',
        'If you do neither before the link expires, the request is closed without being carried out.',
      ],
    },
    unavailable: {
      title: 'Identity service unavailable',
      heading: 'The identity service cannot be reached right now',
      paragraphs: [
        'Nothing has changed: your request is still open.',
        'Please try again in a few minutes with the link in our email. If it keeps failing, reply to our email and we will help you.',
      ],
    },
    invalid: {
      title: 'Sign-in not accepted',
      heading: 'This sign-in does not belong to a request waiting for it',
      paragraphs: [
        'It may have been used already, taken too long, or been started for another request. Nothing has changed.',
        'Open the link in our email again to start anew.',
      ],
    },
    returned: {
      title: 'Thank you',
      heading: 'Thank you: the identity service is telling us the result',
      paragraphs: [
        'The identity service sends us its result directly. We will email you as soon as it arrives and tell you what happens next.',
        'You can close this page.',
      ],
    },
    refusedByProvider:
      'The independent identity service could not confirm that you are the person this request is about. To protect your data, we have refused the request, and this link no longer works.',
  },
  de: {
    offer: {
      heading: 'Identität bei einem unabhängigen Dienst bestätigen',
      offered:
        'Wenn Sie kein Konto bei uns haben, keine Karte hinterlegt ist oder Sie die Fragen nicht beantworten möchten, können Sie Ihre Identität stattdessen bei einem unabhängigen Identitätsdienst bestätigen.',
      requiredHeading: 'Identität bei einem unabhängigen Dienst bestätigen',
      required: 'Für diese Anfrage müssen wir Ihre Identität über einen unabhängigen Identitätsdienst bestätigen. Das dauert wenige Minuten.',
      lockedHeading: 'Die Fragen sind gesperrt',
      locked:
        'Die Angaben stimmten zu oft nicht mit unseren Unterlagen überein, deshalb sind die Fragen gesperrt. Sie können Ihre Identität aber noch bei einem unabhängigen Identitätsdienst bestätigen; bis dahin bleibt Ihre Anfrage offen.',
      kept: 'Der Dienst teilt uns nur mit, ob Ihr Name, Ihre Anschrift oder Ihre E-Mail-Adresse mit unseren Unterlagen übereinstimmen und wie sicher er sich ist. Wir speichern dieses Ergebnis, nie ein Dokument, ein Foto oder die Angaben, die Sie dem Dienst machen.',
      button: 'Weiter zum Identitätsdienst',
      orQuestions: 'Oder beantworten Sie diese Fragen',
    },
    cancelled: {
      title: 'Identität nicht bestätigt',
      heading: 'Sie haben beim Identitätsdienst abgebrochen',
      paragraphs: [
        'Ihre Identität ist nicht bestätigt, und Ihre Anfrage ist weiterhin offen.',
        'Um es erneut zu versuchen, öffnen Sie noch einmal den Link in unserer E-Mail. Dort können Sie den Identitätsdienst erneut starten oder, wenn Sie ein Konto mit hinterlegter Karte haben, stattdessen unsere Fragen beantworten.',
        'Tun Sie beides nicht, bevor der Link abläuft, wird die Anfrage geschlossen, ohne ausgeführt zu werden.',
      ],
    },
    unavailable: {
      title: 'Identitätsdienst nicht erreichbar',
      heading: 'Der Identitätsdienst ist gerade nicht erreichbar',
      paragraphs: [
        'Es hat sich nichts geändert: Ihre Anfrage ist weiterhin offen.',
        'Bitte versuchen Sie es in einigen Minuten mit dem Link in unserer E-Mail erneut. Klappt es weiterhin nicht, antworten Sie auf unsere E-Mail, und wir helfen Ihnen.',
      ],
    },
    invalid: {
      title: 'Anmeldung nicht angenommen',
      heading: 'Diese Anmeldung gehört zu keiner Anfrage, die darauf wartet',
      paragraphs: [
        'Sie wurde vielleicht schon verwendet, hat zu lange gedauert oder wurde für eine andere Anfrage begonnen. Es hat sich nichts geändert.',
        'Öffnen Sie den Link in unserer E-Mail erneut, um neu zu beginnen.',
      ],
    },
    returned: {
      title: 'Vielen Dank',
      heading: 'Vielen Dank: Der Identitätsdienst teilt uns das Ergebnis mit',
      paragraphs: [
        'Der Identitätsdienst schickt uns sein Ergebnis direkt. Wir schreiben Ihnen, sobald es da ist, und sagen Ihnen, wie es weitergeht.',
        'Sie können diese Seite schließen.',
      ],
    },
    refusedByProvider:
      'Der unabhängige Identitätsdienst konnte nicht bestätigen, dass Sie die Person sind, um die es in dieser Anfrage geht. Zum Schutz Ihrer Daten haben wir die Anfrage abgelehnt; dieser Link funktioniert nicht mehr.',
  },
};

/** The pages of coming back from the provider that need only a language. */
export type ProviderPageKind = 'provider-cancelled' | 'provider-unavailable' | 'provider-invalid' | 'provider-returned';

/** The texts of a provider page. */
export function providerPageTexts(kind: ProviderPageKind, locale: Locale): ProviderTexts['cancelled'] {
  const texts = PROVIDER_TEXTS[locale];
  const byKind: Record<ProviderPageKind, ProviderTexts['cancelled']> = {
    'provider-cancelled': texts.cancelled,
    'provider-unavailable': texts.unavailable,
    'provider-invalid': texts.invalid,
    'provider-returned': texts.returned,
  };
  return byKind[kind];
}

/**
 * The offer of the provider on the identity page: a button that posts to `action` and starts a
 * session. `use` says whether it stands beside the questions, instead of them, or after they locked.
 */
export function providerOffer(use: 'offered' | 'required' | 'locked', action: string, locale: Locale): SafeHtml {
  const t = PROVIDER_TEXTS[locale].offer;
  const heading = use === 'required' ? t.requiredHeading : use === 'locked' ? t.lockedHeading : t.heading;
  const lead = use === 'required' ? t.required : use === 'locked' ? t.locked : t.offered;
  const tag = use === 'offered' ? 'h2' : 'h1';
  return html`<section class="provider" aria-labelledby="provider-heading">
${tag === 'h1' ? html`<h1 id="provider-heading">${heading}</h1>` : html`<h2 id="provider-heading">${heading}</h2>`}
<p>${lead}</p>
<p class="note">${t.kept}</p>
<form method="post" action="${action}">
<button type="submit" name="provider" value="start">${t.button}</button>
</form>
</section>
`;
}
