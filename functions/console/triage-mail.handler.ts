// POST /console/inbox/{id}/{action}: file a triage mail as a request, or close it as not one, as the signed-in operator; back to the inbox.
import { triageMail } from '../../shared/console/triage.js';
import { operatorActorId } from '../../shared/console/session.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { seeOther } from '../../shared/pages/console-pages.js';
import { consoleTriageDeps } from '../wiring/console-work.js';
import { workErrorPage } from './work-error-page.js';
import { ConsoleTriageForm, ConsoleTriageParams } from './work.schema.js';

export const handler = consoleHandler(
  { action: true, form: ConsoleTriageForm, params: ConsoleTriageParams, errorPage: workErrorPage('/console/inbox') },
  async ({ form, params, session }) => {
    const outcome = await triageMail(params.action, params.id, form, consoleTriageDeps(session), operatorActorId(session));
    return seeOther(outcome.action === 'classify' && outcome.requestIds[0] ? `/console/inbox?filed=${outcome.requestIds[0]}` : '/console/inbox?dismissed=true');
  },
);
