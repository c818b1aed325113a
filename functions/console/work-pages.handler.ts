// GET /console/inbox, /console/systems, /console/policies (with its campaign progress and script) and
// /console/disclosures: the pages of the operator's work beside the queue. One function serves them,
// as they only read and change together; each route is its own handler: parse, one domain call, the page.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ConsoleSession } from '../../shared/console/session.js';
import type { HttpProblem } from '../../shared/http/problem.js';
import { defaultRegisterYear, registerOfYear } from '../../shared/console/disclosures.js';
import { campaignProgress, policyVersions } from '../../shared/console/policies.js';
import { systemsOverview } from '../../shared/console/systems.js';
import { triageInbox } from '../../shared/console/triage.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { progressScript } from '../../shared/pages/campaign-progress-script.js';
import { consolePageResult } from '../../shared/pages/console-pages.js';
import {
  consoleRefusalPage,
  renderDisclosuresPage,
  renderInboxPage,
  renderPoliciesPage,
  renderSystemsPage,
  workPageCsp,
} from '../../shared/pages/console-work-pages.js';
import { consoleController } from '../wiring/console.js';
import { consolePolicies, directoryEstimate, registerDeps, systemsOverviewDeps, triageInboxDeps } from '../wiring/console-work.js';
import { ConsoleCampaignParams, ConsoleDisclosuresQuery, ConsoleInboxQuery } from './work.schema.js';

/** The page a refusal shows, with the way back to `back`. */
const workErrorPage = (back: string) => (problem: HttpProblem, session: ConsoleSession | undefined) =>
  consoleRefusalPage(problem, session, consoleController(), back);

const page = (body: string, withScript = false) => consolePageResult(200, body, { 'content-security-policy': workPageCsp(withScript) });

const byRoute = {
  '/console/inbox': consoleHandler({ query: ConsoleInboxQuery, errorPage: workErrorPage('/console/inbox') }, async ({ query, session }) => {
    const done = query.filed ? { filed: query.filed } : query.dismissed ? { dismissed: true as const } : undefined;
    return page(renderInboxPage(await triageInbox(triageInboxDeps(), new Date()), session, consoleController(), done));
  }),
  '/console/systems': consoleHandler({ errorPage: workErrorPage('/console/systems') }, async ({ session }) =>
    page(renderSystemsPage(await systemsOverview(systemsOverviewDeps(), new Date()), session, consoleController())),
  ),
  '/console/policies': consoleHandler({ errorPage: workErrorPage('/console/policies') }, async ({ session }) =>
    page(renderPoliciesPage(await policyVersions(consolePolicies(), new Date(), directoryEstimate), session, consoleController()), true),
  ),
  '/console/policies/{version}/campaign': consoleHandler({ params: ConsoleCampaignParams, errorPage: workErrorPage('/console/policies') }, async ({ params }) =>
    jsonResult(200, await campaignProgress(consolePolicies(), params.version, new Date(), directoryEstimate)),
  ),
  '/console/policies/progress.js': consoleHandler({ errorPage: workErrorPage('/console/policies') }, async () => progressScript()),
  '/console/disclosures': consoleHandler({ query: ConsoleDisclosuresQuery, errorPage: workErrorPage('/console/disclosures') }, async ({ query, session }) => {
    const now = new Date();
    const { register, timeZone } = registerDeps();
    const year = await registerOfYear(register, query.year ?? defaultRegisterYear(now, timeZone), now, timeZone);
    return page(renderDisclosuresPage(year, session, consoleController()));
  }),
};

/** The paths this function serves, for the route table. */
export type WorkPagePath = keyof typeof byRoute;

export const handler = (event: APIGatewayProxyEvent, context: Context) => {
  const route = byRoute[event.resource as WorkPagePath];
  if (!route) throw new Error(`No console page at ${event.resource}`);
  return route(event, context);
};
