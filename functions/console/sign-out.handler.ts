// POST /console/sign-out: ends the session in this browser.
import { endSessionCookie } from '../../shared/console/hosted-sign-in.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { consolePageResult, renderSignedOut } from '../../shared/pages/console-pages.js';
import { consoleController, secureCookies } from '../wiring/console.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleSignOutForm } from './console.schema.js';

export const handler = consoleHandler({ form: ConsoleSignOutForm, errorPage: consoleErrorPage }, async () => ({
  ...consolePageResult(200, renderSignedOut('You are signed out. Sign in again at /console/sign-in.', consoleController())),
  multiValueHeaders: { 'set-cookie': [endSessionCookie(secureCookies())] },
}));
