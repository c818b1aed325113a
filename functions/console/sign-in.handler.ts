// GET /console/sign-in: off to the user pool's hosted sign-in, and back with a code that becomes the session.
import { signInStep } from '../../shared/console/hosted-sign-in.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { BadRequestProblem } from '../../shared/http/problem.js';
import { consolePageResult, renderSignedIn, renderSignedOut } from '../../shared/pages/console-pages.js';
import { consoleController, hostedSignIn } from '../wiring/console.js';
import { signInErrorPage } from './console-error-page.js';
import { ConsoleSignInQuery } from './console.schema.js';

export const handler = pageHandler({ errorPage: signInErrorPage, controller: consoleController }, async ({ event, controller }) => {
  const options = hostedSignIn();
  if (!options)
    return consolePageResult(200, renderSignedOut('This runtime has no hosted sign-in: open one of the one-time sign-in links npm start printed.', controller));
  const query = ConsoleSignInQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success || query.data.error) throw new BadRequestProblem('The sign-in did not complete: start again.');
  const step = await signInStep(query.data, event.headers?.cookie, options);
  if ('redirect' in step)
    return { statusCode: 302, headers: { location: step.redirect, 'cache-control': 'no-store' }, multiValueHeaders: { 'set-cookie': step.cookies }, body: '' };
  return { ...consolePageResult(200, renderSignedIn(controller)), multiValueHeaders: { 'set-cookie': step.cookies } };
});
