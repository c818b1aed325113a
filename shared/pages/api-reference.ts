// GET /docs: the API reference page, the OpenAPI document rendered in the browser by Scalar's
// reference, served by this API itself (no CDN, no fonts or calls to anyone else).
import type { APIGatewayProxyResult } from 'aws-lambda';
import { escapeHtml } from '../text/html.js';

/** Where the page loads the renderer and the document from, relative to `/docs` (so a stage prefix is kept). */
export const API_REFERENCE_PATHS = { script: 'docs/api-reference.js', document: 'openapi.json' } as const;

/**
 * What the renderer is told: read the document beside the page; send nothing anywhere else (no
 * telemetry, no hosted fonts, no request proxy, no AI agent); keep the try-it client, which calls
 * this API from the reader's browser.
 */
export const API_REFERENCE_CONFIGURATION = {
  url: API_REFERENCE_PATHS.document,
  telemetry: false,
  withDefaultFonts: false,
  agent: { disabled: true },
  hideClientButton: false,
  showDeveloperTools: 'never',
  documentDownloadType: 'json',
  metaData: { title: 'privacy-ops API reference' },
  // One theme, the light one, checked for WCAG 2.2 AA contrast: its pale grey for hints (3.2:1) and
  // the method colours (3.9:1 and less on the sidebar's grey) are darkened to above 4.5:1.
  forceDarkModeState: 'light',
  hideDarkModeToggle: true,
  customCss: [
    '.light-mode {',
    '--scalar-color-3: #636363;',
    '--scalar-color-green: #006b44; --scalar-color-red: #b30000; --scalar-color-orange: #a33b00;',
    '--scalar-color-yellow: #735600; --scalar-color-blue: #0050b0; --scalar-color-purple: #6a2db0;',
    '}',
  ].join(' '),
} as const;

/**
 * The renderer injects its styles at run time (hence 'unsafe-inline' for styles only); scripts,
 * the document and try-it calls stay on this origin; fonts and images only from here or inline.
 */
export const API_REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': API_REFERENCE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** The page: a title for readers without scripts, the configuration, and the renderer. */
export function apiReferencePage(): APIGatewayProxyResult {
  const configuration = escapeHtml(JSON.stringify(API_REFERENCE_CONFIGURATION));
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>privacy-ops API reference</title>
</head>
<body>
<noscript><h1>privacy-ops API reference</h1><p>This page needs JavaScript. The OpenAPI document itself is at <a href="${API_REFERENCE_PATHS.document}">${API_REFERENCE_PATHS.document}</a>.</p></noscript>
<script id="api-reference" data-url="${API_REFERENCE_PATHS.document}" data-configuration="${configuration}"></script>
<script src="${API_REFERENCE_PATHS.script}"></script>
</body>
</html>
`;
  return { statusCode: 200, headers: { ...PAGE_HEADERS }, body };
}

/** The page for a failure: plain, with the way to the document. */
export function apiReferenceErrorPage(status: number): APIGatewayProxyResult {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>privacy-ops API reference</title></head>
<body><main><h1>The API reference could not be shown</h1><p>The OpenAPI document is at <a href="${API_REFERENCE_PATHS.document}">${API_REFERENCE_PATHS.document}</a>.</p></main></body>
</html>
`;
  return { statusCode: status, headers: { ...PAGE_HEADERS }, body };
}

/** The renderer as the browser loads it: it changes only with the package, so caches keep it a day. */
export function apiReferenceScript(source: string): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' },
    body: source,
  };
}
