// The document shell, the one stylesheet and the response headers shared by every page a data subject sees.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ControllerInfo } from '../config.js';
import type { Locale } from '../domain/request-model.js';
import { html, SafeHtml } from '../text/html.js';
import { SUBJECT_TEXTS } from './subject-texts.js';

/**
 * The only styles of the subject pages, inlined so a page needs no other request. The CSP allows
 * exactly this text by its hash, so it must not be built per request and must not contain `</style`.
 * Contrast: body text #1f2933 and hints #4b5563 on white are 14:1 and 7.5:1; the button is white on
 * #1d4ed8 (6.7:1); input borders #6b7280 meet the 3:1 needed for controls; field errors #b91c1c are 6.5:1.
 * The footer's #4b5563 text and #1d4ed8 links stand on the #eef1f5 page background at 6.6:1 and 5.9:1.
 */
export const PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:2rem 1rem;background:#eef1f5;color:#1f2933;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.55}
main{width:100%;max-width:34rem;background:#fff;border:1px solid #d5dbe3;border-top:6px solid #1d4ed8;border-radius:12px;padding:2rem 2rem 1.5rem;box-shadow:0 1px 2px rgba(16,24,40,.06),0 8px 24px rgba(16,24,40,.08)}
main.tone-ok{border-top-color:#15803d}
main.tone-stop{border-top-color:#b45309}
.eyebrow{margin:0 0 .5rem;font-size:.8125rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#4b5563}
h1{margin:0 0 1rem;font-size:1.5rem;line-height:1.25;color:#111827}
h2{margin:1.5rem 0 .5rem;font-size:1.125rem;line-height:1.3;color:#111827}
p{margin:0 0 1rem}
a{color:#1d4ed8}
footer{width:100%;max-width:34rem;margin:1rem 0 0;padding:0 .25rem;font-size:.875rem;color:#4b5563}
footer p{margin:0 0 .25rem}
.also{margin:1.5rem 0 0;padding:1.25rem 0 0;border-top:1px solid #d5dbe3}
.also h2{margin-top:0}
.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1.25rem;padding:.875rem 1rem;background:#f4f6f9;border-radius:8px}
.facts dt{font-weight:600}
.facts dd{margin:0;overflow-wrap:anywhere}
.note{font-size:.9375rem;color:#4b5563}
.alert{margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #b91c1c;border-radius:6px;background:#fdf2f2}
.alert p{margin:0}
.alert p+p{margin-top:.25rem}
form{margin:1.5rem 0 1rem}
fieldset{margin:1.5rem 0 .5rem;padding:0;border:0}
legend{margin:0 0 .5rem;padding:0;font-size:1.125rem;font-weight:700;color:#111827}
.field{margin:0 0 1rem}
label{display:block;margin:0 0 .25rem;font-weight:600}
.hint{display:block;margin:0 0 .375rem;font-size:.9375rem;color:#4b5563}
.field-error{display:block;margin:0 0 .375rem;font-weight:600;color:#b91c1c}
[aria-invalid=true]{border:2px solid #b91c1c}
input,textarea{display:block;width:100%;margin:0;padding:.55rem .7rem;font:inherit;color:inherit;background:#fff;border:1px solid #6b7280;border-radius:6px}
textarea{resize:vertical;min-height:4.75rem}
input:focus,textarea:focus{border-color:#1d4ed8}
.row{display:grid;grid-template-columns:minmax(0,9rem) minmax(0,1fr);gap:0 1rem}
.digits{max-width:8rem;letter-spacing:.2em}
.lang{margin:0 0 1rem;text-align:right;font-size:.9375rem}
fieldset.purpose{margin:1.25rem 0 1rem}
.choice{display:flex;align-items:center;gap:.625rem;margin:0 0 .5rem}
.choice input{display:inline-block;flex:none;width:1.375rem;height:1.375rem;margin:0;padding:0}
.choice label{margin:0;font-weight:400}
button{display:inline-block;min-height:2.75rem;padding:.65rem 1.4rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:2px solid #1d4ed8;border-radius:8px;cursor:pointer}
form .field+button{margin-top:.5rem}
button:hover{background:#1e40af;border-color:#1e40af}
:focus-visible{outline:3px solid #1e3a8a;outline-offset:3px}
@media (max-width:30rem){body{padding:1rem .75rem;justify-content:flex-start}main{padding:1.5rem 1.25rem 1rem}.row{grid-template-columns:minmax(0,1fr)}}
@media (forced-colors:active){main{border-top-color:CanvasText}button{border-color:ButtonText}}
`;

/** The CSP source that allows `PAGE_STYLE` and nothing else. */
export const PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(PAGE_STYLE, 'utf8').digest('base64')}`;

/**
 * No scripts, images, fonts or connections at all; the one style block by hash; forms post back to
 * this origin only; the page cannot be framed.
 */
export const SUBJECT_PAGE_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * `csp` with its `form-action` widened to `origins` as well (each a URL origin such as
 * `https://id.verifier.example`): for a form whose answer redirects the browser there, which a
 * browser checks against the submitting page's `form-action`.
 */
export function withFormTargets(csp: string, origins: readonly string[]): string {
  const sources = [...new Set(origins.map((origin) => new URL(origin).origin))].filter((origin) => origin !== 'null');
  if (sources.length === 0) return csp;
  return csp.replace(/form-action 'self'/, `form-action 'self' ${sources.join(' ')}`);
}

/** The headers of every subject page: HTML, locked down, never cached (the URL holds a secret token). */
export const SUBJECT_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': SUBJECT_PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  // Links arrive by email and are typed or pasted: a browser that met the domain once never asks it over plain HTTP again.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
});

/** Shapes a rendered subject page as an API Gateway proxy result. */
export function subjectPageResponse(statusCode: number, body: string): APIGatewayProxyResult {
  return { statusCode, headers: { ...SUBJECT_PAGE_HEADERS }, body };
}

/** How a page reads at a glance: something to do, something done, or a stop. */
export type PageTone = 'action' | 'ok' | 'stop';

/** Who a page speaks for: the deployment's controller, from configuration (shared/config.ts). */
export type PageController = Pick<ControllerInfo, 'name' | 'postalAddress' | 'privacyContact' | 'dpoContact' | 'privacyNoticeUrl'>;

export interface DocumentParts {
  locale: Locale;
  title: string;
  /** A short line above the heading naming what this is about. */
  eyebrow: string;
  tone: PageTone;
  content: SafeHtml;
  /** Named in the footer with its contacts and privacy notice, so a person can tell who is asking. */
  controller: PageController;
}

/** The footer of every page: who is responsible for the data, where to write, and the privacy notice. */
function controllerFooter(controller: PageController, locale: Locale): SafeHtml {
  const t = SUBJECT_TEXTS[locale].controller;
  const mail = (address: string) => html`<a href="mailto:${address}">${address}</a>`;
  return html`<footer>
<p>${t.responsible}: ${controller.name}, ${controller.postalAddress}</p>
<p>${t.questions}: ${mail(controller.privacyContact)}</p>
${
  controller.dpoContact
    ? html`<p>${t.dpo}: ${mail(controller.dpoContact)}</p>
`
    : ''
}<p><a href="${controller.privacyNoticeUrl}">${t.privacyNotice}</a></p>
</footer>`;
}

/** A complete HTML document around `content`, with the shared style inlined and the controller in its footer. */
export function renderDocument({ locale, title, eyebrow, tone, content, controller }: DocumentParts): string {
  // Trusted verbatim: escaping would change the text and with it the hash the CSP allows.
  const style = new SafeHtml(`<style>${PAGE_STYLE}</style>`);
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${style}
</head>
<body>
<main class="tone-${tone}">
<p class="eyebrow">${eyebrow}</p>
${content}
</main>
${controllerFooter(controller, locale)}
</body>
</html>
`.value;
}
