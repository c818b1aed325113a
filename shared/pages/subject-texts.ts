// Every word the subject pages show, in German and English, but the names of request types (shared/text/vocabulary.ts).
import type { Jurisdiction, Locale } from '../domain/request-model.js';
import type { IdentityField } from './subject-pages.js';

/** How a closed request ended, as its link's page tells it. */
export type Ending = 'completed' | 'partially-completed' | 'cancelled' | 'denied';

/** What was wrong with one field of the identity form. */
export type FieldProblem = 'missing' | 'format';

export interface SubjectTexts {
  /** The line above every heading and the suffix of every title. */
  siteName: string;
  /** The labels of the footer that names the controller on every page. */
  controller: { responsible: string; questions: string; dpo: string; privacyNotice: string };
  facts: { request: string; received: string; dueBy: string };
  closePage: string;
  /** The link from a confirmed request's page to its status page in the privacy center. */
  followRequest: string;
  confirm: {
    title: string;
    heading: string;
    intro: string;
    nothingYet: string;
    button: string;
    notYou: string;
    /** What confirming a sale opt-in means: the page is the separate second step of a two-step opt-in (11 CCR 7028(a)). */
    saleOptIn: string;
  };
  confirmed: { title: string; heading: string; next: string };
  identity: {
    title: string;
    errorTitlePrefix: string;
    heading: string;
    intro: string;
    attemptsLimited: (attempts: number) => string;
    mismatch: string;
    tryAgain: string;
    attemptsLeft: (attempts: number) => string;
    email: string;
    addressLegend: string;
    street: string;
    postalCode: string;
    city: string;
    cardDigits: string;
    cardDigitsHint: string;
    button: string;
    purpose: string;
    /** The summary above a form sent back with fields not filled in as asked. */
    fieldsSummary: string;
    /** The message shown at a field, per field and what is wrong with it. */
    fieldProblem: (field: IdentityField, problem: FieldProblem) => string;
  };
  verified: { title: string; heading: string; next: string };
  locked: {
    title: string;
    heading: string;
    refused: string;
    newRequest: string;
    complainHeading: string;
    /** Where the subject may turn, per the law the request was made under: a CCPA page never cites the GDPR. */
    complain: Record<Jurisdiction, string>;
  };
  closed: {
    title: string;
    heading: string;
    endingLabel: string;
    closedOn: string;
    ending: Record<Ending, { name: string; text: string }>;
    /** The link to the request's status page, while it still opens. */
    statusLink: string;
    newRequest: string;
  };
  unsubscribe: {
    /** The line above the heading on both unsubscribe pages, instead of the site name. */
    eyebrow: string;
    title: string;
    heading: string;
    intro: string;
    emailLabel: string;
    nothingYet: string;
    button: string;
    transactional: string;
    /** The link to the same mail's preferences page. */
    preferences: string;
  };
  unsubscribed: { title: string; heading: string; done: string; transactional: string };
  expired: { title: string; heading: string; paragraphs: readonly string[] };
  invalid: { title: string; heading: string; paragraphs: readonly string[] };
  rateLimited: { title: string; heading: string; paragraphs: readonly string[] };
  tooLarge: { title: string; heading: string; paragraphs: readonly string[] };
  unavailable: { title: string; heading: string; paragraphs: readonly string[] };
}

const EN_FIELD_PROBLEMS: Record<IdentityField, Record<FieldProblem, string>> = {
  email: { missing: 'Enter the email address of your account.', format: 'Enter an email address in the form name@example.com.' },
  street: { missing: 'Enter the street and house number.', format: 'Enter the street and house number in at most 200 characters.' },
  postalCode: { missing: 'Enter the postal code.', format: 'Enter the postal code in at most 20 characters.' },
  city: { missing: 'Enter the city.', format: 'Enter the city in at most 100 characters.' },
  cardLast4: { missing: 'Enter the last four digits of your card.', format: 'Enter exactly four digits, 0 to 9, such as 1234.' },
};

const DE_FIELD_PROBLEMS: Record<IdentityField, Record<FieldProblem, string>> = {
  email: { missing: 'Geben Sie die E-Mail-Adresse Ihres Kontos ein.', format: 'Geben Sie eine E-Mail-Adresse in der Form name@example.com ein.' },
  street: { missing: 'Geben Sie Straße und Hausnummer ein.', format: 'Geben Sie Straße und Hausnummer mit höchstens 200 Zeichen ein.' },
  postalCode: { missing: 'Geben Sie die Postleitzahl ein.', format: 'Geben Sie die Postleitzahl mit höchstens 20 Zeichen ein.' },
  city: { missing: 'Geben Sie den Ort ein.', format: 'Geben Sie den Ort mit höchstens 100 Zeichen ein.' },
  cardLast4: { missing: 'Geben Sie die letzten vier Ziffern Ihrer Karte ein.', format: 'Geben Sie genau vier Ziffern von 0 bis 9 ein, zum Beispiel 1234.' },
};

const en: SubjectTexts = {
  siteName: 'Privacy request',
  controller: { responsible: 'Responsible for your data', questions: 'Privacy questions', dpo: 'Data protection officer', privacyNotice: 'Privacy notice' },
  facts: { request: 'Request', received: 'Received', dueBy: 'Our answer by' },
  closePage: 'You can close this page now.',
  followRequest: 'Follow your request: what has happened and what comes next',
  confirm: {
    title: 'Confirm your request',
    heading: 'Please confirm your request',
    intro: 'We have received the following request:',
    nothingYet: 'Nothing happens until you press the button below.',
    button: 'Confirm request',
    notYou: 'Did not ask for this? Then simply ignore this page and our email. The request will not be carried out, and the link will expire.',
    saleOptIn:
      'By confirming, you opt in to the sale and sharing of your personal information again, and your opt-out ("Do Not Sell or Share") ends. This is the second of the two steps an opt-in takes; you may opt out again at any time.',
  },
  confirmed: {
    title: 'Request confirmed',
    heading: 'Thank you – your request is confirmed',
    next: 'What happens next: we find your data in our systems and carry out your request. We will send you our answer by email, at the latest by the date above.',
  },
  identity: {
    title: 'Confirm your identity',
    errorTitlePrefix: 'Error: ',
    heading: 'Please confirm your identity',
    intro: 'To protect your data, we need to make sure that this request comes from you. Please enter the details we hold for your account.',
    attemptsLimited: (attempts) => `For your protection, the number of attempts is limited. You have ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}.`,
    mismatch: 'The details did not match our records.',
    tryAgain: 'Please check them and try again.',
    attemptsLeft: (attempts) => `You have ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} left.`,
    email: 'Email address of your account',
    addressLegend: 'Billing address',
    street: 'Street and house number',
    postalCode: 'Postal code',
    city: 'City',
    cardDigits: 'Last four digits of your payment card',
    cardDigitsHint: 'Only the last 4 digits, as printed on your card or statement. Never enter the full card number.',
    button: 'Confirm identity',
    purpose: 'We use these details only to check that the request comes from you.',
    fieldsSummary: 'Some details are missing or not in the form we need. Please correct the fields marked below; this did not count as an attempt.',
    fieldProblem: (field, problem) => EN_FIELD_PROBLEMS[field][problem],
  },
  verified: {
    title: 'Identity confirmed',
    heading: 'Thank you – your identity is confirmed',
    next: 'We are now carrying out your request. We will send you our answer by email, at the latest by the date above.',
  },
  locked: {
    title: 'Request refused',
    heading: 'We could not confirm your identity',
    refused: 'The details were entered incorrectly too many times. To protect your data, we have refused this request, and this link no longer works.',
    newRequest: 'You can file a new request at any time.',
    complainHeading: 'If you disagree',
    complain: {
      gdpr: 'If you think this decision is wrong, reply to the email we sent you and tell us why. You also have the right to lodge a complaint with a data protection supervisory authority and to seek a judicial remedy; our email names the authority responsible for us.',
      ccpa: 'If you think this decision is wrong, reply to the email we sent you and tell us why. You may also contact the California Privacy Protection Agency or the California Attorney General; our email says how. We will not treat you differently for exercising your privacy rights.',
    },
  },
  closed: {
    title: 'Request closed',
    heading: 'This request is closed',
    endingLabel: 'How it ended',
    closedOn: 'Closed on',
    ending: {
      completed: { name: 'Carried out', text: 'We have carried out your request and sent you the result by email. There is nothing more you need to do.' },
      'partially-completed': {
        name: 'Partly carried out',
        text: 'We have carried out part of your request. Our email tells you what we did, what we could not do and why.',
      },
      cancelled: { name: 'Cancelled', text: 'The request was cancelled and will not be carried out. We have told you so by email.' },
      denied: { name: 'Refused', text: 'We have refused this request. Our email gives the reason and says where you may turn if you disagree.' },
    },
    statusLink: 'See what was done, step by step, and get your copy if there is one',
    newRequest: 'If you want something else, you can file a new request at any time.',
  },
  unsubscribe: {
    eyebrow: 'Email preferences',
    title: 'Unsubscribe',
    heading: 'Unsubscribe from our marketing emails?',
    intro: 'You opened the unsubscribe link from one of our marketing emails.',
    emailLabel: 'Email address',
    nothingYet: 'Nothing changes until you press the button below.',
    button: 'Unsubscribe',
    transactional: 'Emails about your requests and your account are not marketing; you will still receive them.',
    preferences: 'See and change all your email preferences and consents',
  },
  unsubscribed: {
    title: 'Unsubscribed',
    heading: 'You are unsubscribed',
    done: 'We will not send marketing emails to this address any more. This applies at once.',
    transactional: 'Emails about your requests and your account are not marketing; you will still receive them.',
  },
  expired: {
    title: 'Link expired',
    heading: 'This link has expired',
    paragraphs: [
      'For your security, confirmation links only work for a limited time. Your request has not been carried out.',
      'If you still want it, please file the request again; you will receive a new link.',
    ],
  },
  invalid: {
    title: 'Link not valid',
    heading: 'This link is not valid',
    paragraphs: [
      'The link may be incomplete, or it has already been used. Please check that you opened the complete link from our email.',
      'If you have already confirmed your request, you do not need to do anything else. Otherwise you can file the request again.',
    ],
  },
  rateLimited: {
    title: 'Too many attempts',
    heading: 'Too many attempts',
    paragraphs: ['There have been too many attempts in a short time.', 'Please wait a few minutes, then open the link from our email again.'],
  },
  tooLarge: {
    title: 'Answer too long',
    heading: 'Your answer was too long',
    paragraphs: [
      'What you sent is longer than this form accepts, so we could not read it. Nothing was changed, and it did not count as an attempt.',
      'Please open the link from our email again and enter only the details asked for.',
    ],
  },
  unavailable: {
    title: 'Temporarily unavailable',
    heading: 'Something went wrong on our side',
    paragraphs: [
      'A technical problem on our side kept us from completing this step.',
      'Please try again in a few minutes by opening the link from our email again.',
    ],
  },
};

const de: SubjectTexts = {
  siteName: 'Datenschutzanfrage',
  controller: {
    responsible: 'Verantwortlich für Ihre Daten',
    questions: 'Fragen zum Datenschutz',
    dpo: 'Datenschutzbeauftragte/r',
    privacyNotice: 'Datenschutzhinweise',
  },
  facts: { request: 'Anfrage', received: 'Eingegangen', dueBy: 'Antwort bis' },
  closePage: 'Sie können diese Seite jetzt schließen.',
  followRequest: 'Ihre Anfrage verfolgen: was geschehen ist und was noch kommt',
  confirm: {
    title: 'Anfrage bestätigen',
    heading: 'Bitte bestätigen Sie Ihre Anfrage',
    intro: 'Wir haben folgende Anfrage erhalten:',
    nothingYet: 'Es geschieht nichts, bevor Sie auf die Schaltfläche unten klicken.',
    button: 'Anfrage bestätigen',
    notYou:
      'Sie haben diese Anfrage nicht gestellt? Dann ignorieren Sie diese Seite und unsere E-Mail einfach. Die Anfrage wird nicht ausgeführt, und der Link verfällt.',
    saleOptIn:
      'Mit Ihrer Bestätigung stimmen Sie dem Verkauf und der Weitergabe Ihrer personenbezogenen Daten wieder zu, und Ihr Widerspruch („Do Not Sell or Share“) endet. Dies ist der zweite der beiden Schritte, die eine solche Zustimmung braucht; Sie können jederzeit erneut widersprechen.',
  },
  confirmed: {
    title: 'Anfrage bestätigt',
    heading: 'Vielen Dank – Ihre Anfrage ist bestätigt',
    next: 'So geht es weiter: Wir suchen Ihre Daten in unseren Systemen und führen Ihre Anfrage aus. Unsere Antwort erhalten Sie per E-Mail, spätestens bis zum oben genannten Datum.',
  },
  identity: {
    title: 'Identität bestätigen',
    errorTitlePrefix: 'Fehler: ',
    heading: 'Bitte bestätigen Sie Ihre Identität',
    intro:
      'Zum Schutz Ihrer Daten müssen wir sicherstellen, dass diese Anfrage von Ihnen stammt. Bitte geben Sie die Angaben ein, die wir zu Ihrem Konto gespeichert haben.',
    attemptsLimited: (attempts) => `Zu Ihrem Schutz ist die Zahl der Versuche begrenzt. Sie haben ${attempts} ${attempts === 1 ? 'Versuch' : 'Versuche'}.`,
    mismatch: 'Die Angaben stimmen nicht mit unseren Unterlagen überein.',
    tryAgain: 'Bitte prüfen Sie sie und versuchen Sie es erneut.',
    attemptsLeft: (attempts) => `Sie haben noch ${attempts} ${attempts === 1 ? 'Versuch' : 'Versuche'}.`,
    email: 'E-Mail-Adresse Ihres Kontos',
    addressLegend: 'Rechnungsadresse',
    street: 'Straße und Hausnummer',
    postalCode: 'Postleitzahl',
    city: 'Ort',
    cardDigits: 'Letzte vier Ziffern Ihrer Zahlungskarte',
    cardDigitsHint: 'Nur die letzten 4 Ziffern, wie auf Ihrer Karte oder Abrechnung. Geben Sie niemals die vollständige Kartennummer ein.',
    button: 'Identität bestätigen',
    purpose: 'Wir verwenden diese Angaben nur, um zu prüfen, ob die Anfrage von Ihnen stammt.',
    fieldsSummary: 'Einige Angaben fehlen oder haben nicht die nötige Form. Bitte korrigieren Sie die unten markierten Felder; dies zählt nicht als Versuch.',
    fieldProblem: (field, problem) => DE_FIELD_PROBLEMS[field][problem],
  },
  verified: {
    title: 'Identität bestätigt',
    heading: 'Vielen Dank – Ihre Identität ist bestätigt',
    next: 'Wir führen Ihre Anfrage jetzt aus. Unsere Antwort erhalten Sie per E-Mail, spätestens bis zum oben genannten Datum.',
  },
  locked: {
    title: 'Anfrage abgelehnt',
    heading: 'Wir konnten Ihre Identität nicht bestätigen',
    refused: 'Die Angaben wurden zu oft falsch eingegeben. Zum Schutz Ihrer Daten haben wir diese Anfrage abgelehnt; dieser Link funktioniert nicht mehr.',
    newRequest: 'Sie können jederzeit eine neue Anfrage stellen.',
    complainHeading: 'Wenn Sie nicht einverstanden sind',
    complain: {
      gdpr: 'Wenn Sie diese Entscheidung für falsch halten, antworten Sie auf unsere E-Mail und nennen Sie uns den Grund. Außerdem haben Sie das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren und einen gerichtlichen Rechtsbehelf einzulegen; unsere E-Mail nennt die für uns zuständige Behörde.',
      ccpa: 'Wenn Sie diese Entscheidung für falsch halten, antworten Sie auf unsere E-Mail und nennen Sie uns den Grund. Sie können sich auch an die California Privacy Protection Agency oder den California Attorney General wenden; unsere E-Mail sagt, wie. Wir behandeln Sie nicht schlechter, weil Sie Ihre Datenschutzrechte ausüben.',
    },
  },
  closed: {
    title: 'Anfrage abgeschlossen',
    heading: 'Diese Anfrage ist abgeschlossen',
    endingLabel: 'Ergebnis',
    closedOn: 'Abgeschlossen am',
    ending: {
      completed: { name: 'Ausgeführt', text: 'Wir haben Ihre Anfrage ausgeführt und Ihnen das Ergebnis per E-Mail geschickt. Sie müssen nichts weiter tun.' },
      'partially-completed': {
        name: 'Teilweise ausgeführt',
        text: 'Wir haben Ihre Anfrage teilweise ausgeführt. Unsere E-Mail sagt Ihnen, was wir getan haben, was nicht und warum.',
      },
      cancelled: { name: 'Storniert', text: 'Die Anfrage wurde storniert und wird nicht ausgeführt. Wir haben Sie per E-Mail darüber informiert.' },
      denied: {
        name: 'Abgelehnt',
        text: 'Wir haben diese Anfrage abgelehnt. Unsere E-Mail nennt den Grund und sagt, an wen Sie sich wenden können, wenn Sie nicht einverstanden sind.',
      },
    },
    statusLink: 'Sehen Sie Schritt für Schritt, was geschehen ist, und erhalten Sie Ihre Kopie, wenn es eine gibt',
    newRequest: 'Wenn Sie etwas anderes wünschen, können Sie jederzeit eine neue Anfrage stellen.',
  },
  unsubscribe: {
    eyebrow: 'E-Mail-Einstellungen',
    title: 'Abmelden',
    heading: 'Von unseren Werbe-E-Mails abmelden?',
    intro: 'Sie haben den Abmeldelink aus einer unserer Werbe-E-Mails geöffnet.',
    emailLabel: 'E-Mail-Adresse',
    nothingYet: 'Es ändert sich nichts, bevor Sie auf die Schaltfläche unten klicken.',
    button: 'Abmelden',
    transactional: 'E-Mails zu Ihren Anfragen und Ihrem Konto sind keine Werbung; diese erhalten Sie weiterhin.',
    preferences: 'Alle Ihre E-Mail-Einstellungen und Einwilligungen ansehen und ändern',
  },
  unsubscribed: {
    title: 'Abgemeldet',
    heading: 'Sie sind abgemeldet',
    done: 'Wir senden keine Werbe-E-Mails mehr an diese Adresse. Das gilt ab sofort.',
    transactional: 'E-Mails zu Ihren Anfragen und Ihrem Konto sind keine Werbung; diese erhalten Sie weiterhin.',
  },
  expired: {
    title: 'Link abgelaufen',
    heading: 'Dieser Link ist abgelaufen',
    paragraphs: [
      'Zu Ihrer Sicherheit sind Bestätigungslinks nur begrenzte Zeit gültig. Ihre Anfrage wurde nicht ausgeführt.',
      'Wenn Sie sie weiterhin wünschen, stellen Sie die Anfrage bitte erneut; Sie erhalten dann einen neuen Link.',
    ],
  },
  invalid: {
    title: 'Link ungültig',
    heading: 'Dieser Link ist nicht gültig',
    paragraphs: [
      'Der Link ist möglicherweise unvollständig oder wurde bereits verwendet. Bitte prüfen Sie, ob Sie den vollständigen Link aus unserer E-Mail geöffnet haben.',
      'Wenn Sie Ihre Anfrage bereits bestätigt haben, müssen Sie nichts weiter tun. Andernfalls können Sie die Anfrage erneut stellen.',
    ],
  },
  rateLimited: {
    title: 'Zu viele Versuche',
    heading: 'Zu viele Versuche',
    paragraphs: ['In kurzer Zeit gab es zu viele Versuche.', 'Bitte warten Sie einige Minuten und öffnen Sie dann den Link aus unserer E-Mail erneut.'],
  },
  tooLarge: {
    title: 'Antwort zu lang',
    heading: 'Ihre Antwort war zu lang',
    paragraphs: [
      'Was Sie gesendet haben, ist länger, als dieses Formular annimmt; wir konnten es daher nicht lesen. Es wurde nichts geändert, und es zählt nicht als Versuch.',
      'Bitte öffnen Sie den Link aus unserer E-Mail erneut und geben Sie nur die erfragten Angaben ein.',
    ],
  },
  unavailable: {
    title: 'Vorübergehend nicht verfügbar',
    heading: 'Bei uns ist ein Fehler aufgetreten',
    paragraphs: [
      'Wegen eines technischen Problems auf unserer Seite konnten wir diesen Schritt nicht abschließen.',
      'Bitte versuchen Sie es in einigen Minuten erneut, indem Sie den Link aus unserer E-Mail noch einmal öffnen.',
    ],
  },
};

export const SUBJECT_TEXTS: Readonly<Record<Locale, SubjectTexts>> = { de, en };
