// POST /v1/inbox/{id}/classify: files the rights an operator names from a triage mail, received when
// the mail was; and POST /console/inbox/{id}/{action}: the console's inbox files one (classify) or
// closes it as not a request (dismiss), as the signed-in operator. One function serves both, as they
// are the same domain calls with the same grants.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { operatorActorId } from '../../shared/console/session.js';
import { triageMail } from '../../shared/console/triage.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { httpHandler } from '../../shared/http/handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { classifyMail, inboxView } from '../../shared/intake/triage.js';
import { consoleRefusalPage } from '../../shared/pages/console-work-pages.js';
import { seeOther } from '../../shared/pages/console-pages.js';
import { consoleController } from '../wiring/console.js';
import { consoleTriageDeps } from '../wiring/console-work.js';
import { receiveMailDeps } from '../wiring/intake.js';
import { ClassifyMailBody, ConsoleTriageForm, ConsoleTriageParams, InboxIdParams } from './intake.schema.js';

const byRoute = {
  '/v1/inbox/{id}/classify': httpHandler({ body: ClassifyMailBody }, async ({ body, event }) => {
    const { id } = parseParams(InboxIdParams, event.pathParameters);
    const { mail, filed } = await classifyMail(id, body, receiveMailDeps());
    return jsonResult(201, { mail: inboxView(mail), requestIds: filed.map((f) => f.request.id) });
  }),
  '/console/inbox/{id}/{action}': consoleHandler(
    {
      action: true,
      form: ConsoleTriageForm,
      params: ConsoleTriageParams,
      errorPage: (problem, session) => consoleRefusalPage(problem, session, consoleController(), '/console/inbox'),
    },
    async ({ form, params, session }) => {
      const outcome = await triageMail(params.action, params.id, form, consoleTriageDeps(session), operatorActorId(session));
      return seeOther(
        outcome.action === 'classify' && outcome.requestIds[0] ? `/console/inbox?filed=${outcome.requestIds[0]}` : '/console/inbox?dismissed=true',
      );
    },
  ),
};

export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  (byRoute[event.resource as keyof typeof byRoute] ?? byRoute['/v1/inbox/{id}/classify'])(event, context);
