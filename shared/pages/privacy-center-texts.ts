// Every word of the privacy center's pages (the center, its answers, a request's status page), in German and English.
import type { Locale, RequestType } from '../domain/request-model.js';
import type { ProofVerdict } from '../privacy-center/proof-of-work.js';
import { STATUS_PAGE_DAYS_AFTER_CLOSE } from '../privacy-center/request-status.js';
import { html, type SafeHtml } from '../text/html.js';

/** Where the person says they live: it picks the law their request is handled under. */
export const REGIONS = ['eu', 'california', 'elsewhere'] as const;
export type Region = (typeof REGIONS)[number];

/** The fields of the center's form, as they arrive in the urlencoded POST body. */
export const CENTER_FIELDS = ['right', 'email', 'region', 'details', 'altcha'] as const;
export type CenterField = (typeof CENTER_FIELDS)[number];

/** What was wrong with one field of the center's form. */
export type CenterProblem = 'missing' | 'format';

/** The steps a status page can show, from the request's audit trail. */
export const STATUS_STEPS = [
  'received',
  'link-sent',
  'email-confirmed',
  'identity-confirmed',
  'verified',
  'started',
  'system-done',
  'extended',
  'completed',
  'partially-completed',
  'cancelled',
  'denied',
  'expired',
  'closing-sent',
] as const;
export type StatusStep = (typeof STATUS_STEPS)[number];

export interface RightText {
  /** The right in a few words, as the form offers it. */
  name: string;
  /** One plain sentence of what the person gets. */
  sentence: string;
}

export interface CenterTexts {
  siteName: string;
  /** The language's own name, on the switch that leads to it. */
  languageName: string;
  center: {
    title: string;
    heading: string;
    intro: string;
    gpcHeading: string;
    gpcText: string;
    gpcLink: string;
    rightsHeading: string;
    eu: { heading: string; law: string };
    california: { heading: string; law: string };
    elsewhere: { heading: string; text: string };
    /** The rights of each law's list, each with the provision that gives it. */
    rights: Record<RequestType, RightText>;
    formHeading: string;
    rightLegend: string;
    email: string;
    emailHint: string;
    regionLegend: string;
    regions: Record<Region, string>;
    details: string;
    detailsHint: string;
    proofLabel: string;
    proofHint: string;
    noScript: (privacyContact: string) => string;
    button: string;
    whatHappens: string;
    policy: string;
    shineTheLight: string;
    shineTheLightText: string;
    fieldsSummary: string;
    fieldProblem: (field: CenterField, problem: CenterProblem) => string;
    proof: Record<Exclude<ProofVerdict, 'accepted'>, string>;
  };
  filed: {
    title: string;
    heading: string;
    confirm: string;
    atOnce: string;
    notYou: string;
    again: string;
  };
  status: {
    eyebrow: string;
    title: string;
    heading: string;
    request: string;
    received: string;
    dueBy: string;
    state: string;
    states: { open: string; waiting: string; closed: Record<'completed' | 'partially-completed' | 'cancelled' | 'denied' | 'expired', string> };
    stepsHeading: string;
    steps: Record<StatusStep, string>;
    systemDone: (count: number) => string;
    downloadHeading: string;
    /** The copy can be downloaded: until when (markup of a time element), and how many downloads the page has left. */
    download: (until: SafeHtml, usesLeft: number) => SafeHtml;
    downloadButton: string;
    downloadExpired: (until: SafeHtml) => SafeHtml;
    downloadUsedUp: (until: SafeHtml) => SafeHtml;
    endedTitle: string;
    endedText: string;
    cancelHeading: string;
    cancelText: string;
    cancelButton: string;
    cancelled: string;
    closedNote: string;
    notCancellable: string;
  };
}

const enRights: Record<RequestType, RightText> = {
  access: { name: 'A copy of my data', sentence: 'You can ask which data we hold about you and get a copy of it.' },
  portability: {
    name: 'My data to take elsewhere',
    sentence: 'You can get the data you gave us in a machine-readable form (JSON and CSV) to take to another service.',
  },
  deletion: {
    name: 'Delete my data',
    sentence: 'You can ask us to delete your data; we keep only what the law obliges us to keep, and tell you what and why.',
  },
  objection: {
    name: 'Object to a use of my data',
    sentence: 'You can object to a use of your data based on our interests; an objection to direct marketing always ends it.',
  },
  'consent-withdrawal': { name: 'Withdraw my consent', sentence: 'You can withdraw a consent you gave at any time; what we did before stays lawful.' },
  'sale-opt-out': {
    name: 'Do not sell or share my data',
    sentence: 'You can tell us not to sell or share your personal information; we need no proof of identity for this.',
  },
  'sale-opt-in': {
    name: 'Allow the sale or sharing of my data again',
    sentence: 'If you told us not to sell or share your data, you can allow it again; you confirm this choice a second time by the link we email you.',
  },
  'marketing-opt-out': {
    name: 'No more marketing emails',
    sentence: 'You can stop our marketing emails at any time; emails about your requests and account still reach you.',
  },
  'third-party-disclosure': {
    name: 'Who received my data',
    sentence: 'You can ask to whom we disclosed your data; in California, once a year free of charge, which third parties got it for their direct marketing.',
  },
};

const deRights: Record<RequestType, RightText> = {
  access: { name: 'Eine Kopie meiner Daten', sentence: 'Sie können erfahren, welche Daten wir über Sie speichern, und eine Kopie davon erhalten.' },
  portability: {
    name: 'Meine Daten zum Mitnehmen',
    sentence: 'Sie können die Daten, die Sie uns gegeben haben, maschinenlesbar (JSON und CSV) erhalten, um sie zu einem anderen Dienst mitzunehmen.',
  },
  deletion: {
    name: 'Meine Daten löschen',
    sentence: 'Sie können verlangen, dass wir Ihre Daten löschen; wir behalten nur, was wir gesetzlich aufbewahren müssen, und sagen Ihnen, was und warum.',
  },
  objection: {
    name: 'Einer Nutzung meiner Daten widersprechen',
    sentence: 'Sie können einer Nutzung Ihrer Daten widersprechen, die auf unseren Interessen beruht; ein Widerspruch gegen Direktwerbung beendet sie immer.',
  },
  'consent-withdrawal': {
    name: 'Meine Einwilligung widerrufen',
    sentence: 'Sie können eine Einwilligung jederzeit widerrufen; was wir bis dahin getan haben, bleibt rechtmäßig.',
  },
  'sale-opt-out': {
    name: 'Meine Daten nicht verkaufen oder weitergeben',
    sentence: 'Sie können uns untersagen, Ihre Daten zu verkaufen oder weiterzugeben; dafür brauchen wir keinen Identitätsnachweis.',
  },
  'sale-opt-in': {
    name: 'Verkauf oder Weitergabe meiner Daten wieder erlauben',
    sentence:
      'Wenn Sie uns Verkauf oder Weitergabe untersagt haben, können Sie sie wieder erlauben; diese Wahl bestätigen Sie ein zweites Mal über den Link, den wir Ihnen senden.',
  },
  'marketing-opt-out': {
    name: 'Keine Werbe-E-Mails mehr',
    sentence: 'Sie können unsere Werbe-E-Mails jederzeit abbestellen; E-Mails zu Ihren Anfragen und Ihrem Konto erhalten Sie weiterhin.',
  },
  'third-party-disclosure': {
    name: 'Wer meine Daten erhalten hat',
    sentence:
      'Sie können erfragen, an wen wir Ihre Daten weitergegeben haben; in Kalifornien einmal im Jahr kostenlos, welche Dritten sie für ihre Direktwerbung erhielten.',
  },
};

const EN_CENTER_PROBLEMS: Record<CenterField, Record<CenterProblem, string>> = {
  right: { missing: 'Choose the right you want to use.', format: 'Choose one of the rights listed.' },
  email: { missing: 'Enter your email address.', format: 'Enter an email address in the form name@example.com.' },
  region: { missing: 'Choose where you live.', format: 'Choose one of the places listed.' },
  details: { missing: 'Tell us more in at most 2000 characters.', format: 'Tell us more in at most 2000 characters.' },
  altcha: { missing: 'Wait until the check below says it is done, then send the form.', format: 'The check below did not work; run it again.' },
};

const DE_CENTER_PROBLEMS: Record<CenterField, Record<CenterProblem, string>> = {
  right: { missing: 'Wählen Sie das Recht, das Sie ausüben möchten.', format: 'Wählen Sie eines der aufgeführten Rechte.' },
  email: { missing: 'Geben Sie Ihre E-Mail-Adresse ein.', format: 'Geben Sie eine E-Mail-Adresse in der Form name@example.com ein.' },
  region: { missing: 'Wählen Sie, wo Sie wohnen.', format: 'Wählen Sie einen der aufgeführten Orte.' },
  details: { missing: 'Schreiben Sie höchstens 2000 Zeichen.', format: 'Schreiben Sie höchstens 2000 Zeichen.' },
  altcha: {
    missing: 'Warten Sie, bis die Prüfung unten abgeschlossen ist, und senden Sie dann das Formular.',
    format: 'Die Prüfung unten hat nicht funktioniert; starten Sie sie erneut.',
  },
};

const en: CenterTexts = {
  siteName: 'Privacy center',
  languageName: 'English',
  center: {
    title: 'Your privacy rights',
    heading: 'Your privacy rights',
    intro: 'Here you can see the rights you have over your personal data, use one of them, and follow what happens.',
    gpcHeading: 'Your browser asks us not to sell or share your data',
    gpcText:
      'Your browser sends the Global Privacy Control signal. We honour it as your opt-out of the sale and sharing of your data. To apply it to everything we hold under your email address, send the form below: it is already filled in for that.',
    gpcLink: 'Go to the opt-out form',
    rightsHeading: 'Your rights',
    eu: { heading: 'If you live in the EU or EEA', law: 'General Data Protection Regulation (GDPR)' },
    california: { heading: 'If you live in California', law: 'California Consumer Privacy Act (CCPA) and California Civil Code' },
    elsewhere: {
      heading: 'If you live anywhere else',
      text: 'We give you the same rights as people in the EU, and answer under the same rules and deadlines as the GDPR sets.',
    },
    rights: enRights,
    formHeading: 'Use a right',
    rightLegend: 'What would you like?',
    email: 'Your email address',
    emailHint: 'We send the confirmation link here. Use the address you have with us.',
    regionLegend: 'Where do you live?',
    regions: { eu: 'In the EU or EEA', california: 'In California', elsewhere: 'Somewhere else' },
    details: 'Anything we should know (optional)',
    detailsHint: 'For example which use of your data you object to, or which consent you withdraw.',
    proofLabel: 'Check against automated requests',
    proofHint: 'Your browser does a short calculation to show that a person sends this form. We set no cookie and use no outside service.',
    noScript: (contact) =>
      `This check needs JavaScript. Without it, write to ${contact} and tell us which right you want to use; we handle your email the same way.`,
    button: 'Send request',
    whatHappens: 'What happens next: we send an email to the address you gave. Nothing is done until you confirm the link in it.',
    policy: 'Read our privacy notice',
    shineTheLight: 'California “Shine the Light”',
    shineTheLightText: 'If you live in California, you can ask once a year which third parties received your data for their direct marketing.',
    fieldsSummary: 'Some details are missing or not in the form we need. Please correct the fields marked below.',
    fieldProblem: (field, problem) => EN_CENTER_PROBLEMS[field][problem],
    proof: {
      missing: 'The check against automated requests was not done. Wait until it says it is done, then send the form again.',
      malformed: 'The check against automated requests did not work. Please run it again and send the form.',
      wrong: 'The check against automated requests did not work. Please run it again and send the form.',
      expired: 'The check against automated requests ran out of time. Please run it again and send the form.',
      'too-fast': 'That was faster than a person fills in this form. Please check your entries and send the form again.',
      replayed: 'This check was already used for another request. Please run it again and send the form.',
    },
  },
  filed: {
    title: 'Check your email',
    heading: 'Please check your email',
    confirm:
      'If we can write to the address you gave, you will find an email from us there in a few minutes. Open the link in it to confirm your request; nothing happens before you do.',
    atOnce: 'We carry out this request without a confirmation. If we can write to the address you gave, we will email you when it is done.',
    notYou: 'No email? Check your spam folder. The link works for a few days; after that, simply send the request again.',
    again: 'Use another right',
  },
  status: {
    eyebrow: 'Your request',
    title: 'Your request',
    heading: 'Where your request stands',
    request: 'Request',
    received: 'Received',
    dueBy: 'Our answer by',
    state: 'Status',
    states: {
      open: 'We are working on it',
      waiting: 'Waiting for your confirmation',
      closed: {
        completed: 'Carried out',
        'partially-completed': 'Partly carried out',
        cancelled: 'Cancelled',
        denied: 'Refused',
        expired: 'Not confirmed in time',
      },
    },
    stepsHeading: 'What has happened',
    steps: {
      received: 'We received your request.',
      'link-sent': 'We sent you the confirmation link.',
      'email-confirmed': 'You confirmed your email address.',
      'identity-confirmed': 'You confirmed your identity.',
      verified: 'Your request is confirmed.',
      started: 'We started carrying it out in our systems.',
      'system-done': 'Our systems finished their part.',
      extended: 'We extended the deadline and told you why by email.',
      completed: 'We carried out your request.',
      'partially-completed': 'We carried out part of your request.',
      cancelled: 'The request was cancelled.',
      denied: 'We refused the request and told you why by email.',
      expired: 'The request was not confirmed in time.',
      'closing-sent': 'We sent you our answer by email.',
    },
    systemDone: (count) => `${count} of our systems finished their part.`,
    downloadHeading: 'Your copy',
    download: (until, usesLeft) =>
      html`Your copy is ready. The button below downloads it at once (${usesLeft === 1 ? 'one more time' : `${usesLeft} more times`} from this page), until ${until}. The link in the email with our answer works as well.`,
    downloadButton: 'Download my copy',
    downloadExpired: (until) =>
      html`Your copy could be downloaded until ${until}; it is no longer available. If you want a new copy, you can file a new request at any time.`,
    downloadUsedUp: (until) =>
      html`You have downloaded your copy from this page as often as it allows. Until ${until} you can still use the link in the email with our answer.`,
    endedTitle: 'This page is no longer available',
    endedText: `A request's page stays open for ${STATUS_PAGE_DAYS_AFTER_CLOSE} days after the request ends. Our answer is in the email we sent you; if you want something else, you can file a new request at any time.`,
    cancelHeading: 'Changed your mind?',
    cancelText: 'You can cancel this request as long as it is not finished. What is already done stays done; we confirm the cancellation by email.',
    cancelButton: 'Cancel this request',
    cancelled: 'Your request is cancelled. We have sent you a confirmation by email.',
    closedNote: 'This request is closed. If you want something else, you can file a new request at any time.',
    notCancellable: 'This request has already ended and can no longer be cancelled.',
  },
};

const de: CenterTexts = {
  siteName: 'Datenschutz-Center',
  languageName: 'Deutsch',
  center: {
    title: 'Ihre Datenschutzrechte',
    heading: 'Ihre Datenschutzrechte',
    intro: 'Hier sehen Sie Ihre Rechte an Ihren personenbezogenen Daten, können eines davon ausüben und verfolgen, was geschieht.',
    gpcHeading: 'Ihr Browser bittet uns, Ihre Daten nicht zu verkaufen oder weiterzugeben',
    gpcText:
      'Ihr Browser sendet das Signal Global Privacy Control. Wir beachten es als Ihren Widerspruch gegen Verkauf und Weitergabe Ihrer Daten. Damit er für alles gilt, was wir unter Ihrer E-Mail-Adresse speichern, senden Sie das Formular unten ab: Es ist dafür schon ausgefüllt.',
    gpcLink: 'Zum Widerspruchsformular',
    rightsHeading: 'Ihre Rechte',
    eu: { heading: 'Wenn Sie in der EU oder im EWR wohnen', law: 'Datenschutz-Grundverordnung (DSGVO)' },
    california: { heading: 'Wenn Sie in Kalifornien wohnen', law: 'California Consumer Privacy Act (CCPA) und California Civil Code' },
    elsewhere: {
      heading: 'Wenn Sie anderswo wohnen',
      text: 'Wir geben Ihnen dieselben Rechte wie Menschen in der EU und antworten nach denselben Regeln und Fristen, die die DSGVO setzt.',
    },
    rights: deRights,
    formHeading: 'Ein Recht ausüben',
    rightLegend: 'Was möchten Sie?',
    email: 'Ihre E-Mail-Adresse',
    emailHint: 'Hierhin senden wir den Bestätigungslink. Verwenden Sie die Adresse, die Sie bei uns haben.',
    regionLegend: 'Wo wohnen Sie?',
    regions: { eu: 'In der EU oder im EWR', california: 'In Kalifornien', elsewhere: 'Anderswo' },
    details: 'Was wir wissen sollten (freiwillig)',
    detailsHint: 'Zum Beispiel, welcher Nutzung Ihrer Daten Sie widersprechen oder welche Einwilligung Sie widerrufen.',
    proofLabel: 'Prüfung gegen automatische Anfragen',
    proofHint:
      'Ihr Browser führt eine kurze Berechnung aus, die zeigt, dass ein Mensch dieses Formular sendet. Wir setzen kein Cookie und nutzen keinen fremden Dienst.',
    noScript: (contact) =>
      `Diese Prüfung braucht JavaScript. Ohne JavaScript schreiben Sie an ${contact}, welches Recht Sie ausüben möchten; wir behandeln Ihre E-Mail genauso.`,
    button: 'Anfrage senden',
    whatHappens: 'So geht es weiter: Wir senden eine E-Mail an die angegebene Adresse. Es geschieht nichts, bevor Sie den Link darin bestätigen.',
    policy: 'Unsere Datenschutzhinweise lesen',
    shineTheLight: 'Kalifornien: „Shine the Light“',
    shineTheLightText: 'Wenn Sie in Kalifornien wohnen, können Sie einmal im Jahr erfragen, welche Dritten Ihre Daten für ihre Direktwerbung erhalten haben.',
    fieldsSummary: 'Einige Angaben fehlen oder haben nicht die nötige Form. Bitte korrigieren Sie die unten markierten Felder.',
    fieldProblem: (field, problem) => DE_CENTER_PROBLEMS[field][problem],
    proof: {
      missing: 'Die Prüfung gegen automatische Anfragen wurde nicht ausgeführt. Warten Sie, bis sie abgeschlossen ist, und senden Sie das Formular erneut.',
      malformed: 'Die Prüfung gegen automatische Anfragen hat nicht funktioniert. Bitte starten Sie sie erneut und senden Sie das Formular.',
      wrong: 'Die Prüfung gegen automatische Anfragen hat nicht funktioniert. Bitte starten Sie sie erneut und senden Sie das Formular.',
      expired: 'Die Prüfung gegen automatische Anfragen ist abgelaufen. Bitte starten Sie sie erneut und senden Sie das Formular.',
      'too-fast': 'Das ging schneller, als ein Mensch dieses Formular ausfüllt. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular erneut.',
      replayed: 'Diese Prüfung wurde schon für eine andere Anfrage verwendet. Bitte starten Sie sie erneut und senden Sie das Formular.',
    },
  },
  filed: {
    title: 'E-Mail prüfen',
    heading: 'Bitte prüfen Sie Ihre E-Mails',
    confirm:
      'Wenn wir an die angegebene Adresse schreiben können, finden Sie dort in wenigen Minuten eine E-Mail von uns. Öffnen Sie den Link darin, um Ihre Anfrage zu bestätigen; vorher geschieht nichts.',
    atOnce:
      'Diese Anfrage führen wir ohne Bestätigung aus. Wenn wir an die angegebene Adresse schreiben können, informieren wir Sie per E-Mail, sobald sie erledigt ist.',
    notYou: 'Keine E-Mail? Sehen Sie im Spam-Ordner nach. Der Link gilt einige Tage; danach senden Sie die Anfrage einfach erneut.',
    again: 'Ein weiteres Recht ausüben',
  },
  status: {
    eyebrow: 'Ihre Anfrage',
    title: 'Ihre Anfrage',
    heading: 'Wo Ihre Anfrage steht',
    request: 'Anfrage',
    received: 'Eingegangen',
    dueBy: 'Antwort bis',
    state: 'Stand',
    states: {
      open: 'Wir bearbeiten sie',
      waiting: 'Wartet auf Ihre Bestätigung',
      closed: {
        completed: 'Ausgeführt',
        'partially-completed': 'Teilweise ausgeführt',
        cancelled: 'Storniert',
        denied: 'Abgelehnt',
        expired: 'Nicht rechtzeitig bestätigt',
      },
    },
    stepsHeading: 'Was bisher geschah',
    steps: {
      received: 'Wir haben Ihre Anfrage erhalten.',
      'link-sent': 'Wir haben Ihnen den Bestätigungslink geschickt.',
      'email-confirmed': 'Sie haben Ihre E-Mail-Adresse bestätigt.',
      'identity-confirmed': 'Sie haben Ihre Identität bestätigt.',
      verified: 'Ihre Anfrage ist bestätigt.',
      started: 'Wir haben begonnen, sie in unseren Systemen auszuführen.',
      'system-done': 'Unsere Systeme haben ihren Teil erledigt.',
      extended: 'Wir haben die Frist verlängert und Ihnen den Grund per E-Mail genannt.',
      completed: 'Wir haben Ihre Anfrage ausgeführt.',
      'partially-completed': 'Wir haben Ihre Anfrage teilweise ausgeführt.',
      cancelled: 'Die Anfrage wurde storniert.',
      denied: 'Wir haben die Anfrage abgelehnt und Ihnen den Grund per E-Mail genannt.',
      expired: 'Die Anfrage wurde nicht rechtzeitig bestätigt.',
      'closing-sent': 'Wir haben Ihnen unsere Antwort per E-Mail geschickt.',
    },
    systemDone: (count) => `${count} unserer Systeme ${count === 1 ? 'hat seinen' : 'haben ihren'} Teil erledigt.`,
    downloadHeading: 'Ihre Kopie',
    download: (until, usesLeft) =>
      html`Ihre Kopie ist fertig. Die Schaltfläche unten lädt sie sofort herunter (von dieser Seite aus noch ${usesLeft === 1 ? 'einmal' : `${usesLeft}-mal`}), bis ${until}. Der Link in der E-Mail mit unserer Antwort funktioniert ebenso.`,
    downloadButton: 'Meine Kopie herunterladen',
    downloadExpired: (until) =>
      html`Ihre Kopie konnte bis ${until} heruntergeladen werden; sie ist nicht mehr verfügbar. Wenn Sie eine neue Kopie möchten, können Sie jederzeit eine neue Anfrage stellen.`,
    downloadUsedUp: (until) =>
      html`Sie haben Ihre Kopie so oft von dieser Seite heruntergeladen, wie es möglich ist. Bis ${until} können Sie noch den Link in der E-Mail mit unserer Antwort verwenden.`,
    endedTitle: 'Diese Seite ist nicht mehr verfügbar',
    endedText: `Die Seite einer Anfrage bleibt ${STATUS_PAGE_DAYS_AFTER_CLOSE} Tage nach ihrem Abschluss erreichbar. Unsere Antwort finden Sie in der E-Mail, die wir Ihnen geschickt haben; wenn Sie etwas anderes möchten, können Sie jederzeit eine neue Anfrage stellen.`,
    cancelHeading: 'Anders entschieden?',
    cancelText:
      'Sie können diese Anfrage stornieren, solange sie nicht abgeschlossen ist. Was schon erledigt ist, bleibt erledigt; wir bestätigen die Stornierung per E-Mail.',
    cancelButton: 'Diese Anfrage stornieren',
    cancelled: 'Ihre Anfrage ist storniert. Wir haben Ihnen eine Bestätigung per E-Mail geschickt.',
    closedNote: 'Diese Anfrage ist abgeschlossen. Wenn Sie etwas anderes wünschen, können Sie jederzeit eine neue Anfrage stellen.',
    notCancellable: 'Diese Anfrage ist bereits beendet und kann nicht mehr storniert werden.',
  },
};

export const CENTER_TEXTS: Readonly<Record<Locale, CenterTexts>> = { de, en };

/** Which rights each law's list shows, with the provision that gives each, as the notice words them. */
export const RIGHTS_BY_LAW: Readonly<Record<'eu' | 'california', readonly { type: RequestType; law: string }[]>> = {
  eu: [
    { type: 'access', law: 'Art. 15 GDPR' },
    { type: 'portability', law: 'Art. 20 GDPR' },
    { type: 'deletion', law: 'Art. 17 GDPR' },
    { type: 'objection', law: 'Art. 21 GDPR' },
    { type: 'consent-withdrawal', law: 'Art. 7(3) GDPR' },
    { type: 'marketing-opt-out', law: 'Art. 21(2) GDPR' },
    { type: 'third-party-disclosure', law: 'Art. 15(1)(c) GDPR' },
  ],
  california: [
    { type: 'access', law: 'Cal. Civ. Code 1798.110' },
    { type: 'portability', law: 'Cal. Civ. Code 1798.100(d)' },
    { type: 'deletion', law: 'Cal. Civ. Code 1798.105' },
    { type: 'sale-opt-out', law: 'Cal. Civ. Code 1798.120' },
    { type: 'sale-opt-in', law: 'Cal. Code Regs. tit. 11, § 7028' },
    { type: 'marketing-opt-out', law: 'CAN-SPAM Act' },
    { type: 'third-party-disclosure', law: 'Cal. Civ. Code 1798.83' },
  ],
};
