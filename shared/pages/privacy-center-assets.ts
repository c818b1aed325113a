// The privacy center's scripts and styles, served from our own origin: the ALTCHA widget (its
// strict-CSP build as an ES module, which injects no style), its SHA-256 worker, its German strings, and ours.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CENTER_STYLE } from './privacy-center-pages.js';

/** The files of the widget the center serves, by the name each is served under → its path in the project. */
export const WIDGET_FILES = {
  'altcha.js': 'node_modules/altcha/dist/external/altcha.min.js',
  'altcha-de.js': 'node_modules/altcha/dist/i18n/de.js',
  'altcha-worker.js': 'node_modules/altcha/dist/workers/sha.js',
  'altcha.css': 'node_modules/altcha/dist/external/altcha.css',
} as const;

export type WidgetFile = keyof typeof WIDGET_FILES;

/** The assets a browser asks for, under `/privacy/assets/`. */
export const CENTER_ASSETS = ['altcha.js', 'altcha-de.js', 'altcha-worker.js', 'altcha.css', 'center.js', 'center.css'] as const;
export type CenterAsset = (typeof CENTER_ASSETS)[number];

/**
 * Our one script, a module run after the widget's: the strict-CSP build brings no worker, so the
 * one algorithm our challenges use gets its worker from beside this script (same origin,
 * `worker-src 'self'`). The widget asks for it only once its challenge has arrived.
 */
export const CENTER_SCRIPT = `const worker = new URL('altcha-worker.js', import.meta.url).href;
globalThis.$altcha.algorithms.set('SHA-256', () => new Worker(worker));
`;

const TYPES: Record<'js' | 'css', string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** One asset as the browser gets it; `read` gives a widget file's text. */
export function centerAsset(name: CenterAsset, read: (file: WidgetFile) => string): APIGatewayProxyResult {
  const body = name === 'center.css' ? CENTER_STYLE : name === 'center.js' ? CENTER_SCRIPT : read(name);
  return {
    statusCode: 200,
    headers: {
      'content-type': TYPES[name.endsWith('.css') ? 'css' : 'js'],
      // Versioned by deployment, not by name: a day is short enough for a new widget to arrive.
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    },
    body,
  };
}
