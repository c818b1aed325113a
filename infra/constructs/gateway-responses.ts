// What API Gateway answers itself, before any function runs: problem+json for a system, the subject
// page for a browser. The page is rendered at synth by the same renderer the functions and the local
// gateway use, as the deployment's controller and in the deployment's languages.
import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ControllerInfo } from '../../shared/config.js';
import type { Locale } from '../../shared/domain/request-model.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../../shared/http/problem.js';
import { SUBJECT_PAGE_HEADERS } from '../../shared/pages/layout.js';
import { refusalPageKind, renderRefusalPage } from '../../shared/pages/subject-pages.js';
import { CONSOLE_SIGN_IN_AGAIN, renderSignedOut } from '../../shared/pages/console-pages.js';

/** One kind of refusal API Gateway answers on its own. */
export interface GatewayRefusal {
  type: ResponseType;
  /** The status it answers with; API Gateway's own for the response type when absent. */
  status?: string;
  slug: string;
  detail: string;
  /** A refusal of the console's session: a browser gets the console's sign-in page, not a subject page. */
  console?: true;
}

/** The refusals API Gateway answers itself, each with the problem+json a system reads. */
export const GATEWAY_REFUSALS: readonly GatewayRefusal[] = [
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '403',
    slug: 'no-route-or-unsigned',
    detail: 'No such route, or the route needs a SigV4-signed request.',
  },
  { type: ResponseType.ACCESS_DENIED, status: '403', slug: 'forbidden', detail: 'The caller may not use this route.' },
  {
    type: ResponseType.UNAUTHORIZED,
    status: '401',
    slug: 'unauthorized',
    detail: 'This route needs a console session, and there is none or it has expired: sign in at /console/sign-in.',
    console: true,
  },
  { type: ResponseType.INVALID_SIGNATURE, status: '403', slug: 'invalid-signature', detail: 'The SigV4 signature does not match.' },
  { type: ResponseType.EXPIRED_TOKEN, status: '403', slug: 'expired-credentials', detail: 'The credentials have expired.' },
  { type: ResponseType.THROTTLED, status: '429', slug: 'throttled', detail: 'Too many requests; retry with backoff.' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: '413', slug: 'payload-too-large', detail: 'The request is too large.' },
  { type: ResponseType.DEFAULT_4XX, slug: 'gateway-refused', detail: 'The gateway refused the request.' },
  { type: ResponseType.DEFAULT_5XX, slug: 'gateway-failed', detail: 'The gateway could not complete the request.' },
];

/** The media type of the subject page's template: a browser asks for it first in its Accept header. */
export const PAGE_CONTENT_TYPE = 'text/html';

/**
 * The subject pages' headers that a gateway response carries for every client, quoted as API Gateway
 * wants static values. Content-Type is not among them: API Gateway sets it from the template it picked
 * by the request's Accept header. Neither is the CSP: its source expressions are themselves in single
 * quotes, which a static gateway-response value does not carry; the page is fixed text without script
 * or input, and X-Frame-Options keeps it out of frames.
 */
export function gatewayResponseHeaders(): Record<string, string> {
  const kept = Object.entries(SUBJECT_PAGE_HEADERS).filter(([name]) => name !== 'content-type' && name !== 'content-security-policy');
  return Object.fromEntries(kept.map(([name, value]) => [name, `'${value}'`]));
}

/** The problem+json body of `refusal`; `$context` variables are filled in by API Gateway. */
export function gatewayProblemTemplate({ slug, detail, status }: GatewayRefusal): string {
  return JSON.stringify({
    type: problemType(slug),
    title: '$context.error.responseType',
    ...(status ? { status: Number(status) } : {}),
    detail,
    correlationId: '$context.requestId',
  });
}

/**
 * The page of `refusal` for a browser: the refusal page of its status (an unknown link for any 4xx
 * but 413 and 429, our failure for a 5xx), in every language of the deployment, the first leading,
 * since a gateway template cannot choose by Accept-Language.
 */
export function gatewayPageTemplate(refusal: GatewayRefusal, controller: ControllerInfo, languages: readonly Locale[]): string {
  if (refusal.console) return renderSignedOut(CONSOLE_SIGN_IN_AGAIN, controller);
  const status = refusal.status ? Number(refusal.status) : refusal.type === ResponseType.DEFAULT_5XX ? 500 : 400;
  return renderRefusalPage(refusalPageKind(status), languages, controller);
}

export interface GatewayResponsesProps {
  controller: ControllerInfo;
  languages: readonly Locale[];
}

/** Adds every gateway refusal to `api`, with a problem+json and a page template each. */
export function addGatewayResponses(api: RestApi, { controller, languages }: GatewayResponsesProps): void {
  const headers = gatewayResponseHeaders();
  for (const refusal of GATEWAY_REFUSALS) {
    const problem = gatewayProblemTemplate(refusal);
    api.addGatewayResponse(`Problem${refusal.slug.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`, {
      type: refusal.type,
      ...(refusal.status ? { statusCode: refusal.status } : {}),
      responseHeaders: headers,
      templates: {
        [PROBLEM_CONTENT_TYPE]: problem,
        // A client that sends no Accept header is taken to want application/json.
        'application/json': problem,
        [PAGE_CONTENT_TYPE]: gatewayPageTemplate(refusal, controller, languages),
      },
    });
  }
}
