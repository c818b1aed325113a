// Whether a refusal that comes before a route's function answers (the gateway's 401, 403, 413, 429,
// a body of the wrong media type) reaches the caller as a page or as problem+json: the local gateway
// answers by this rule and the OpenAPI document says it, from the route's declaration alone.
import type { RouteSpec } from './route.js';

/**
 * How a refusal is answered:
 * - `page`: always the refusal page, in the person's language;
 * - `page-if-asked`: the page when the caller asks for HTML (`asksForPage`), else problem+json;
 * - `problem`: problem+json.
 */
export type RefusalForm = 'page' | 'page-if-asked' | 'problem';

/** The refusals before the function that a route whose answer is a page gives a browser as a page. */
const PAGE_ROUTE_REFUSALS: readonly number[] = [413, 415, 429];

/** Whether `route` answers a browser with a page (the privacy center's form, the console's pages). */
export function servesPage(route: Pick<RouteSpec, 'responses'>): boolean {
  return route.responses[200]?.contentType === 'text/html';
}

/** How a refusal with `status` on `route` is answered before its function runs (see `RefusalForm`). */
export function refusalForm(route: Pick<RouteSpec, 'auth' | 'responses'>, status: number): RefusalForm {
  // A person opened the link from a mail: whatever refuses it, they read a page.
  if (route.auth === 'subject') return 'page';
  // As API Gateway's UNAUTHORIZED response does: a browser is sent to sign in again.
  if (route.auth === 'console' && status === 401) return 'page-if-asked';
  // A form a person posts or a page they open: a browser gets a page, a script the problem.
  if (servesPage(route) && PAGE_ROUTE_REFUSALS.includes(status)) return 'page-if-asked';
  return 'problem';
}

/** Whether a caller with this Accept header reads HTML first (a browser), not JSON (a script or a system). */
export function asksForPage(accept: string | undefined): boolean {
  const value = accept ?? '';
  return /text\/html/i.test(value) && !/^\s*application\/(problem\+)?json/i.test(value);
}
