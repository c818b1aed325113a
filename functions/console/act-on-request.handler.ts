// POST /console/requests/{id}/{action}: extend, deny, cancel, resume or require identity, as the signed-in operator; back to the request's page.
import { actOnRequest } from '../../shared/console/actions.js';
import type { ConsoleAction } from '../../shared/console/request-detail.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { seeOther } from '../../shared/pages/console-pages.js';
import { consoleOperatorDeps } from '../wiring/console.js';
import { requireIdentityDeps } from '../wiring/require-identity.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleActionForm, ConsoleActionParams } from './console.schema.js';

export const handler = consoleHandler(
  { action: true, form: ConsoleActionForm, params: ConsoleActionParams, errorPage: consoleErrorPage },
  async ({ form, params, session }) => {
    const request = await actOnRequest(params.action as ConsoleAction, params.id, form, consoleOperatorDeps(session), requireIdentityDeps);
    return seeOther(`/console/requests/${request.id}?done=${params.action}`);
  },
);
