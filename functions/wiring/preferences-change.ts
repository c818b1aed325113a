// Wiring: posting the preferences page, apart from preferences-page.ts so that showing the page does not load the filing path.
import { once } from '../../shared/once.js';
import { recordConsent } from '../../shared/preferences/consents.js';
import type { ChangePreferencesDeps } from '../../shared/preferences/preferences-page.js';
import { consentDeps } from './consents.js';
import { preferencesPageDeps } from './preferences-page.js';

/** The page's deps, and the consent register's one way in with the filing path POST /v1/consents uses. */
export const changePreferencesDeps = /* @__PURE__ */ once(
  (): ChangePreferencesDeps => ({ ...preferencesPageDeps(), record: (input) => recordConsent(input, consentDeps()) }),
);
